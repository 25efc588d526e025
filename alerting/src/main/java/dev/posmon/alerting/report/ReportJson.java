package dev.posmon.alerting.report;

import com.fasterxml.jackson.annotation.JsonInclude;
import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;
import dev.posmon.contract.json.ContractJson;
import java.io.IOException;
import java.io.UncheckedIOException;

/**
 * The report as JSON: the contract's configuration (ISO-8601 times), but nulls are written: {@code "successRate": null}
 * beside its {@code note} says plainly that a figure is unknown.
 */
public final class ReportJson {

    private static final ObjectMapper MAPPER = ContractJson.mapper()
            .copy()
            .setDefaultPropertyInclusion(JsonInclude.Include.ALWAYS)
            .disable(DeserializationFeature.FAIL_ON_UNKNOWN_PROPERTIES)
            .enable(SerializationFeature.INDENT_OUTPUT);

    private ReportJson() {}

    public static String write(WeeklyReport report) {
        try {
            return MAPPER.writeValueAsString(report);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    public static WeeklyReport read(String json) {
        try {
            return MAPPER.readValue(json, WeeklyReport.class);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
