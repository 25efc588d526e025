/** analytics-service: classification, aggregation and per-terminal state arrive with issue 3. */
package dev.posmon.analytics;
