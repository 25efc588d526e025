package dev.posmon.analytics.diagnosis;

/**
 * What to do about a terminal's sign-on trouble.
 *
 * @param summary  one line for whoever asks: what is wrong
 * @param merchant what the merchant can do at the counter
 * @param support  what the support desk or operations should do
 */
public record Advice(String summary, String merchant, String support) {}
