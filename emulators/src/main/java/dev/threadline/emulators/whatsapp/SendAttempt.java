package dev.threadline.emulators.whatsapp;

import com.fasterxml.jackson.databind.JsonNode;

/**
 * A send request as the emulator answered it, accepted or not.
 *
 * @param phoneNumberId the URL's business number
 * @param body the request body; null when it was not JSON
 * @param httpStatus the answer's status
 * @param errorCode the Graph error code answered; 0 for a success or an answer without Meta's error body
 */
public record SendAttempt(String phoneNumberId, JsonNode body, int httpStatus, int errorCode) {}
