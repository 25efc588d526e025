package dev.posmon.analytics.classify;

import dev.posmon.contract.classify.Cause;
import dev.posmon.contract.i18n.Language;
import java.util.Map;
import java.util.Optional;

/**
 * One network profile's response-code table (ISO 8583 field 39 → cause), loaded from a versioned data
 * file such as {@code code-tables/cup.json}.
 */
public record CodeTable(String profile, String version, String description, Map<String, Entry> codes) {

    public CodeTable {
        codes = Map.copyOf(codes);
    }

    /**
     * What a code means on this network, and the cause it points to.
     *
     * @param meaningZh the meaning in Chinese, where the table gives one (the diagnosis falls back to {@code meaning})
     */
    public record Entry(Cause cause, String meaning, String meaningZh) {

        /** The meaning in that language: the Chinese one where the table has it, else the table's own. */
        public String meaning(Language language) {
            return language == Language.ZH_CN && meaningZh != null ? meaningZh : meaning;
        }
    }

    public Optional<Entry> lookup(String responseCode) {
        return Optional.ofNullable(codes.get(responseCode));
    }
}
