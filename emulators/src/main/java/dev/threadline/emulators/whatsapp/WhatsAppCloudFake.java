package dev.threadline.emulators.whatsapp;

import com.fasterxml.jackson.databind.node.ObjectNode;
import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpServer;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.security.SecureRandom;
import java.time.Duration;
import java.time.Instant;
import java.util.Base64;
import java.util.List;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.Executors;

/**
 * Meta's WhatsApp Cloud API for tests and the local stack, on a loopback port (JDK {@link HttpServer},
 * one virtual thread per request), as {@code docs/contracts/whatsapp.md} describes it:
 * <ul>
 *   <li>sends: {@code POST /{version}/{phone-number-id}/messages} with the Bearer token (else 401,
 *       code 190), text inside the 24-hour window or an approved template (whatsapp.md §5, §6),
 *       answered with a new {@code wamid.}; every accepted send is {@linkplain #sent() recorded};</li>
 *   <li>status webhooks for each accepted send, signed, on a background thread ({@link #awaitCallbacks});</li>
 *   <li>customers who write through it ({@link #customer}), which opens their window;</li>
 *   <li>media: {@code GET /{version}/{media-id}} and five-minute download URLs (whatsapp.md §7);</li>
 *   <li>{@linkplain #faults() faults} for the next sends.</li>
 * </ul>
 * Not modelled: message types other than text and template, BSUID recipients, throughput limits
 * (only injected), mark-as-read, media upload, Meta's retries of refused webhooks.
 */
public final class WhatsAppCloudFake implements AutoCloseable {

    private static final SecureRandom RANDOM = new SecureRandom();
    private static final String HOST = "127.0.0.1";

    private final Settings settings;
    private final HttpServer server;
    private final CountDownLatch closed = new CountDownLatch(1);
    private final HubSignature signer;
    private final Payloads payloads;
    private final SendFaults faults = new SendFaults();
    private final MediaStore media;
    private final StatusCallbacks statuses;
    private final GraphApi graph;
    private final HttpClient http = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(5)).build();

    WhatsAppCloudFake(Settings settings) {
        this.settings = settings;
        this.signer = new HubSignature(settings.appSecret());
        this.payloads = new Payloads(settings.wabaId());
        this.media = new MediaStore(settings.clock());
        this.statuses = new StatusCallbacks(settings.webhookUrl(), signer, payloads, settings.clock());
        this.graph = new GraphApi(settings, faults, statuses, media, closed);
        try {
            server = HttpServer.create(new InetSocketAddress(InetAddress.getByName(HOST), settings.port()), 0);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        server.setExecutor(Executors.newVirtualThreadPerTaskExecutor());
        server.createContext("/", this::handle);
        server.start();
    }

    public static WhatsAppCloudFakeBuilder builder() {
        return new WhatsAppCloudFakeBuilder();
    }

    /** {@code http://127.0.0.1:<port>}: what {@code https://graph.facebook.com} is in production. */
    public String baseUrl() {
        return "http://" + HOST + ":" + server.getAddress().getPort();
    }

    public String accessToken() {
        return settings.accessToken();
    }

    /** A WhatsApp user writing to business number {@code phoneNumberId}; {@code waId} null for a username user. */
    public Customer customer(String phoneNumberId, String waId, String profileName) {
        return new Customer(this, settings.business(phoneNumberId), new Customer.Identity(waId, null, profileName));
    }

    /** Every accepted send, oldest first. */
    public List<SentMessage> sent() {
        return graph.sent();
    }

    /** Every send request, accepted or not, oldest first. */
    public List<SendAttempt> attempts() {
        return graph.attempts();
    }

    /** Every status webhook posted so far, in posting order. */
    public List<StatusCallback> statusCallbacks() {
        return statuses.posted();
    }

    /** Waits until every status webhook produced so far has been posted; fails after {@code timeout}. */
    public void awaitCallbacks(Duration timeout) {
        statuses.awaitDelivered(timeout);
    }

    /** With {@code Statuses.STEPPED}: posts the message's next status; returns it, or null when it has had all. */
    public String advance(String wamid) {
        return statuses.advance(wamid);
    }

    /** Posts {@code status} for the message out of order (e.g. {@code read} without {@code delivered}). */
    public void postStatus(String wamid, String status) {
        statuses.post(wamid, status);
    }

    public SendFaults faults() {
        return faults;
    }

    public MediaStore media() {
        return media;
    }

    @Override
    public void close() {
        closed.countDown();
        server.stop(0);
        statuses.close();
        http.close();
    }

    /** A wamid in Meta's shape: {@code wamid.} and base64 text. */
    static String newWamid() {
        byte[] bytes = new byte[30];
        RANDOM.nextBytes(bytes);
        return "wamid.HBgN" + Base64.getEncoder().encodeToString(bytes);
    }

    /**
     * Records that a customer wrote at {@code at} (Meta's timestamp), opening their 24-hour window, for
     * messages that reached the webhook without passing through this emulator (a test or demo posting
     * Meta's payloads itself). Real WhatsApp sees every message, so its window always knows.
     */
    public void customerWrote(String phoneNumberId, String waId, Instant at) {
        graph.customerWrote(phoneNumberId, waId, at);
    }

    /** Posts a customer's message to the webhook and opens their window; returns the webhook's status. */
    int deliverInbound(Payloads.Business business, Customer.Identity who, ObjectNode message, String wamid) {
        if (settings.webhookUrl() == null) {
            throw new IllegalStateException("no webhook URL: set one with WhatsAppCloudFake.builder().webhookUrl(...)");
        }
        Instant at = settings.clock().instant();
        if (who.waId() != null) { // the window opens when the customer writes, delivered or not (whatsapp.md §5)
            graph.customerWrote(business.phoneNumberId(), who.waId(), at);
        }
        byte[] body = Payloads.bytes(payloads.inbound(business, who, message, wamid, at));
        try {
            return http.send(HttpRequest.newBuilder(settings.webhookUrl()).timeout(Duration.ofSeconds(30))
                    .header("Content-Type", "application/json")
                    .header("X-Hub-Signature-256", signer.sign(body))
                    .POST(HttpRequest.BodyPublishers.ofByteArray(body)).build(),
                    HttpResponse.BodyHandlers.discarding()).statusCode();
        } catch (IOException e) {
            throw new UncheckedIOException("the webhook did not answer", e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException("interrupted while posting a webhook", e);
        }
    }

    /** Signs {@code body} with the App Secret, as Meta signs webhooks; for tests that build their own. */
    public String sign(byte[] body) {
        return signer.sign(body);
    }

    private void handle(HttpExchange exchange) throws IOException {
        try (exchange) {
            graph.handle(exchange, baseUrl());
        } catch (IOException clientGone) {
            // The client timed out and closed the connection: nothing to answer.
        }
    }
}
