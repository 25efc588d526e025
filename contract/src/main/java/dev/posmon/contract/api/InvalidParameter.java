package dev.posmon.contract.api;

/**
 * A query parameter of an HTTP API that does not read; {@link #parameter()} names it for the 400 answer, the message
 * says what was expected.
 */
public final class InvalidParameter extends IllegalArgumentException {

    private final String parameter;

    public InvalidParameter(String parameter, String detail) {
        super(detail);
        this.parameter = parameter;
    }

    public String parameter() {
        return parameter;
    }
}
