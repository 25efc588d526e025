package dev.posmon.contract.schema;

/**
 * Why a value breaks the contract.
 *
 * @param field  the path of the offending field inside the validated object, e.g. {@code network.type};
 *               empty when the object as a whole is wrong
 * @param reason what is wrong, for a person to read
 */
public record Violation(String field, String reason) {

    @Override
    public String toString() {
        return field.isEmpty() ? reason : field + ": " + reason;
    }
}
