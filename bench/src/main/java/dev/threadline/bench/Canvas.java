package dev.threadline.bench;

import java.awt.BasicStroke;
import java.awt.Color;
import java.awt.Font;
import java.awt.Graphics2D;
import java.awt.RenderingHints;
import java.awt.geom.AffineTransform;
import java.awt.image.BufferedImage;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import javax.imageio.ImageIO;

/** A minimal chart canvas on Java2D: a plot area with linear axes, ticks, grid, title and legend. */
final class Canvas {

    static final Color BLUE = new Color(0x1f77b4);
    static final Color ORANGE = new Color(0xff7f0e);
    static final Color GREY = new Color(0x666666);

    private static final int LEFT = 80;
    private static final int RIGHT = 30;
    private static final int TOP = 60;
    private static final int BOTTOM = 70;

    private final BufferedImage image;
    final Graphics2D g;
    private final double xMin;
    private final double xMax;
    private final double yMin;
    private final double yMax;

    Canvas(int width, int height, double xMin, double xMax, double yMin, double yMax) {
        image = new BufferedImage(width, height, BufferedImage.TYPE_INT_RGB);
        g = image.createGraphics();
        g.setRenderingHint(RenderingHints.KEY_ANTIALIASING, RenderingHints.VALUE_ANTIALIAS_ON);
        g.setRenderingHint(RenderingHints.KEY_TEXT_ANTIALIASING, RenderingHints.VALUE_TEXT_ANTIALIAS_ON);
        g.setColor(Color.WHITE);
        g.fillRect(0, 0, width, height);
        this.xMin = xMin;
        this.xMax = xMax;
        this.yMin = yMin;
        this.yMax = yMax;
    }

    int x(double value) {
        return LEFT + (int) Math.round((value - xMin) / (xMax - xMin) * (image.getWidth() - LEFT - RIGHT));
    }

    int y(double value) {
        return image.getHeight() - BOTTOM - (int) Math.round((value - yMin) / (yMax - yMin) * (image.getHeight() - TOP - BOTTOM));
    }

    /** Title, axis labels, a frame, horizontal grid lines with y ticks, and x ticks at {@code xTicks} labelled by {@code xLabels}. */
    void frame(String title, String subtitle, String xLabel, String yLabel, double yStep, List<Double> xTicks, List<String> xLabels) {
        g.setFont(new Font(Font.SANS_SERIF, Font.BOLD, 16));
        g.setColor(Color.BLACK);
        g.drawString(title, LEFT, 25);
        g.setFont(new Font(Font.SANS_SERIF, Font.PLAIN, 12));
        g.setColor(GREY);
        g.drawString(subtitle, LEFT, 44);
        for (double v = yMin; v <= yMax + 1e-9; v += yStep) {
            g.setColor(new Color(0xe6e6e6));
            g.drawLine(x(xMin), y(v), x(xMax), y(v));
            g.setColor(Color.BLACK);
            String label = Stats.f(yStep < 1 ? "%.1f" : "%.0f", v);
            g.drawString(label, x(xMin) - 8 - g.getFontMetrics().stringWidth(label), y(v) + 4);
        }
        for (int i = 0; i < xTicks.size(); i++) {
            int px = x(xTicks.get(i));
            g.drawLine(px, y(yMin), px, y(yMin) + 5);
            String label = xLabels.get(i);
            g.drawString(label, px - g.getFontMetrics().stringWidth(label) / 2, y(yMin) + 20);
        }
        g.setColor(Color.BLACK);
        g.drawRect(x(xMin), y(yMax), x(xMax) - x(xMin), y(yMin) - y(yMax));
        g.drawString(xLabel, (x(xMin) + x(xMax) - g.getFontMetrics().stringWidth(xLabel)) / 2, y(yMin) + 45);
        AffineTransform saved = g.getTransform();
        g.rotate(-Math.PI / 2);
        g.drawString(yLabel, -(y(yMin) + y(yMax) + g.getFontMetrics().stringWidth(yLabel)) / 2, 22);
        g.setTransform(saved);
    }

    void dashedVertical(double xValue, Color color, String label, int labelRow) {
        g.setColor(color);
        g.setStroke(new BasicStroke(1.5f, BasicStroke.CAP_BUTT, BasicStroke.JOIN_MITER, 10, new float[] {6, 4}, 0));
        g.drawLine(x(xValue), y(yMax), x(xValue), y(yMin));
        g.setStroke(new BasicStroke(1));
        g.drawString(label, x(xValue) + 4, y(yMax) + 95 + 15 * labelRow);
    }

    /** A legend box at the top right: one coloured square per entry. */
    void legend(List<String> labels, List<Color> colors) {
        int width = labels.stream().mapToInt(l -> g.getFontMetrics().stringWidth(l)).max().orElse(0) + 36;
        int left = x(xMax) - width - 10;
        int top = y(yMax) + 10;
        g.setColor(Color.WHITE);
        g.fillRect(left, top, width, 20 * labels.size() + 8);
        g.setColor(GREY);
        g.drawRect(left, top, width, 20 * labels.size() + 8);
        for (int i = 0; i < labels.size(); i++) {
            g.setColor(colors.get(i));
            g.fillRect(left + 8, top + 10 + 20 * i, 12, 12);
            g.setColor(Color.BLACK);
            g.drawString(labels.get(i), left + 26, top + 21 + 20 * i);
        }
    }

    void write(Path file) {
        try {
            Files.createDirectories(file.getParent());
            ImageIO.write(image, "png", file.toFile());
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
