package dev.posmon.ingest.desk;

import dev.posmon.contract.api.InvalidParameter;
import dev.posmon.contract.desk.DeskCredential;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.regex.Pattern;

/**
 * What the admin sends to issue a desk credential, and whether it may be issued: a name of 1-100 characters, the role
 * operator or support, and 1-100 acquirer ids of the registry's form (a repeated one counts once). Plain record; a
 * refusal names the field.
 */
public record NewDeskCredential(String name, String role, List<String> acquirers) {

    static final int MAX_NAME = 100;
    static final int MAX_ACQUIRERS = 100;
    /** The registry's acquirer id ({@code common.schema.json#/$defs/id}), so a credential names acquirers that can exist. */
    static final Pattern ACQUIRER = Pattern.compile("[A-Za-z0-9][A-Za-z0-9._:-]{0,63}");

    /**
     * This request with its acquirers in order without repeats.
     *
     * @throws InvalidParameter naming the field that may not be issued
     */
    public NewDeskCredential checked() {
        if (name == null || name.isBlank()) {
            throw new InvalidParameter("name", "name: must be given (1-100 characters)");
        }
        if (name.length() > MAX_NAME || name.chars().anyMatch(Character::isISOControl)) {
            throw new InvalidParameter("name", "name: must be 1-100 characters without control characters");
        }
        if (role == null || !DeskCredential.ROLES.contains(role)) {
            throw new InvalidParameter("role", "role: must be operator or support");
        }
        if (acquirers == null || acquirers.isEmpty()) {
            throw new InvalidParameter(
                    "acquirers", "acquirers: must list the acquirers the credential may see (1-100)");
        }
        if (acquirers.size() > MAX_ACQUIRERS) {
            throw new InvalidParameter("acquirers", "acquirers: at most " + MAX_ACQUIRERS + " a credential");
        }
        for (String acquirer : acquirers) {
            if (acquirer == null || !ACQUIRER.matcher(acquirer).matches()) {
                throw new InvalidParameter(
                        "acquirers",
                        "acquirers: each must be an identifier of 1-64 letters, digits, '.', '_', ':' or '-'");
            }
        }
        return new NewDeskCredential(name, role, List.copyOf(new LinkedHashSet<>(acquirers)));
    }
}
