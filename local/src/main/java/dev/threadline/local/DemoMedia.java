package dev.threadline.local;

import dev.threadline.emulators.whatsapp.MediaStore;
import java.awt.Color;
import java.awt.Font;
import java.awt.Graphics2D;
import java.awt.image.BufferedImage;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.UncheckedIOException;
import javax.imageio.ImageIO;

/**
 * The demo's screenshot, served by the local WhatsApp emulator under the media id the demo's image
 * message carries, so that ticket-fn can copy it to Ola's ticket as it would copy a real customer's.
 */
final class DemoMedia {

    /** The media id in the demo's image message (and in Meta's example, events/whatsapp-messages/image.json). */
    static final String SCREENSHOT_ID = "1022334455667788";

    private DemoMedia() {}

    static void register(MediaStore media) {
        media.register(SCREENSHOT_ID, screenshot(), "image/jpeg");
    }

    /** A small picture of a login error, drawn here so the repository carries no binary file. */
    private static byte[] screenshot() {
        BufferedImage image = new BufferedImage(320, 180, BufferedImage.TYPE_INT_RGB);
        Graphics2D g = image.createGraphics();
        g.setColor(new Color(0xF4F5F7));
        g.fillRect(0, 0, 320, 180);
        g.setColor(new Color(0xC62828));
        g.fillRect(20, 60, 280, 60);
        g.setColor(Color.WHITE);
        g.setFont(new Font(Font.SANS_SERIF, Font.BOLD, 16));
        g.drawString("Login failed (error 0x80070005)", 34, 96);
        g.dispose();
        try (ByteArrayOutputStream out = new ByteArrayOutputStream()) {
            ImageIO.write(image, "jpg", out);
            return out.toByteArray();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
