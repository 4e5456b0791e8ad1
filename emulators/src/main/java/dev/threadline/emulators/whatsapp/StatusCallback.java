package dev.threadline.emulators.whatsapp;

/**
 * A status webhook the emulator posted (or, without a webhook URL, only recorded).
 *
 * @param wamid the message it reports on
 * @param status {@code sent}, {@code delivered}, {@code read} or {@code failed}
 * @param callbackData the echoed {@code biz_opaque_callback_data}, or null
 * @param errorCode the code in {@code errors[]} of a failed status; 0 otherwise
 * @param body the exact bytes posted, as UTF-8
 * @param signature the {@code X-Hub-Signature-256} header posted with it
 * @param httpStatus what the webhook answered; 0 when there was no webhook URL, -1 when the POST failed
 */
public record StatusCallback(String wamid, String status, String callbackData, int errorCode, String body,
                             String signature, int httpStatus) {}
