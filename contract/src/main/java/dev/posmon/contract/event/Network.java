package dev.posmon.contract.event;

import com.fasterxml.jackson.annotation.JsonCreator;
import com.fasterxml.jackson.annotation.JsonValue;

/** The network a terminal used: bearer type, mobile carrier (absent on ETHERNET) and signal strength. */
public record Network(NetworkType type, String carrier, Integer signalDbm) {

    public enum NetworkType {
        ETHERNET,
        WIFI,
        _2G,
        _3G,
        _4G,
        _5G;

        /** The wire names are "2G".."5G"; Java identifiers cannot start with a digit. */
        @JsonValue
        public String wireName() {
            return name().startsWith("_") ? name().substring(1) : name();
        }

        @JsonCreator
        public static NetworkType fromWire(String wire) {
            for (NetworkType type : values()) {
                if (type.wireName().equals(wire)) {
                    return type;
                }
            }
            throw new IllegalArgumentException("unknown network type " + wire);
        }
    }
}
