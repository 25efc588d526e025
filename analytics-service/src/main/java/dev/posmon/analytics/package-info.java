/** analytics-service: decoding, enrichment, classification, the leaf cube, per-terminal state and the diagnosis API. */
package dev.posmon.analytics;
