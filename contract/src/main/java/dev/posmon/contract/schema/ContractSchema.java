package dev.posmon.contract.schema;

import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.databind.JsonNode;
import com.networknt.schema.Error;
import com.networknt.schema.Schema;
import com.networknt.schema.SchemaLocation;
import com.networknt.schema.SchemaRegistry;
import com.networknt.schema.SchemaRegistryConfig;
import com.networknt.schema.SpecificationVersion;
import com.networknt.schema.path.PathType;
import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Comparator;
import java.util.HexFormat;
import java.util.List;

/**
 * The contract's JSON Schema files ({@code schemas/*.schema.json} on the classpath), compiled once.
 * Validation answers with {@link Violation}s that name the field, so a caller can be told exactly what
 * to fix; rules a schema cannot say clearly are in {@link ContractRules}.
 */
public enum ContractSchema {
    SIGNON_ATTEMPT("signon-attempt.schema.json"),
    TELEMETRY("telemetry.schema.json"),
    TERMINAL_RECORD("terminal-record.schema.json"),
    /** The body of POST /v1/events; ingest validates element by element to answer per event. */
    EVENT_BATCH("event-batch.schema.json"),
    CLASSIFIED_SIGNON("classified-signon.schema.json"),
    CUBE_CELL("cube-cell.schema.json"),
    TERMINAL_HEALTH("terminal-health.schema.json"),
    MAINTENANCE_WINDOW("maintenance-window.schema.json");

    /** Public $id prefix of every schema; resolved to the classpath, never fetched. */
    public static final String ID_PREFIX = "https://posmon.dev/schemas/";

    /**
     * The Kafka header by which the writer of a record (ingest) says that the record's value passed this schema,
     * as {@link #mark()}: a reader holding the same contract may then skip validating it again.
     */
    public static final String VALIDATED_HEADER = "posmon.validated";

    private static final SchemaRegistry REGISTRY = SchemaRegistry.withDefaultDialect(
            SpecificationVersion.DRAFT_2020_12,
            builder -> builder.schemaRegistryConfig(SchemaRegistryConfig.builder()
                            .formatAssertionsEnabled(true)
                            .pathType(PathType.JSON_PATH)
                            .build())
                    .schemaIdResolvers(resolvers -> resolvers.mapPrefix(ID_PREFIX, "classpath:schemas/")));

    private final String file;
    private volatile Schema schema;
    private volatile byte[] mark;

    ContractSchema(String file) {
        this.file = file;
    }

    /** The classpath resource of this schema, for publishing it (OpenAPI, docs). */
    public String resource() {
        return "schemas/" + file;
    }

    /**
     * {@code <schema file>@<digest>}: names this schema and, by a SHA-256 over every contract schema file (they
     * refer to each other), the exact contract it was checked against. A reader with other schemas sees another
     * mark and validates.
     */
    public byte[] mark() {
        return ownMark().clone();
    }

    /** Whether {@code mark} says a value passed this very schema, in this very contract. */
    public boolean marks(byte[] mark) {
        return mark != null && Arrays.equals(mark, ownMark());
    }

    private byte[] ownMark() {
        byte[] own = mark;
        if (own == null) {
            own = (file + '@' + Fingerprint.VALUE).getBytes(StandardCharsets.UTF_8);
            mark = own;
        }
        return own;
    }

    public List<Violation> validate(JsonNode value) {
        return plainlyValid(value) ? List.of() : bySchema(value);
    }

    /**
     * An event read from {@code parser}'s tokens, from its {@code START_OBJECT} to its {@code END_OBJECT}: the event when
     * it is plainly valid against its schema and the cross-field rules, null when it is not or the hand-written check is
     * not sure (then validate its tree: {@link #validate} says what is wrong). Lets a receiver admit the common event
     * without building a tree of it. A field named twice in the event, its network or its location is refused as a
     * strict parser refuses it (a {@code JsonParseException}); what the scan skips of an event it is not sure of is not
     * checked, so read that event again strictly.
     */
    public static PlainEvent scanPlain(JsonParser parser) throws IOException {
        return QuickCheck.scan(parser);
    }

    /** The compiled schema's answer alone (what {@link #validate} gives whenever {@link QuickCheck} is not sure). */
    List<Violation> bySchema(JsonNode value) {
        List<Error> errors = schema().validate(value);
        if (errors.isEmpty()) {
            return List.of();
        }
        List<Violation> violations = new ArrayList<>(errors.size());
        for (Error error : errors) {
            violations.add(new Violation(field(error), reason(error)));
        }
        violations.sort(Comparator.comparing(Violation::field));
        return violations;
    }

    /**
     * Whether {@link QuickCheck}, the event schemas written out by hand, passes {@code value}: it passes only what
     * the compiled schema passes too, at a fraction of the cost; whatever it is not sure of goes to the schema.
     */
    private boolean plainlyValid(JsonNode value) {
        return switch (this) {
            case SIGNON_ATTEMPT -> QuickCheck.signOn(value);
            case TELEMETRY -> QuickCheck.telemetry(value);
            default -> false;
        };
    }

    /** Digest of the contract's schema files, computed once. */
    private static final class Fingerprint {
        static final String VALUE = compute();

        private static String compute() {
            try {
                MessageDigest digest = MessageDigest.getInstance("SHA-256");
                List<String> files =
                        new ArrayList<>(List.of("common.schema.json")); // the definitions the others refer to
                for (ContractSchema schema : values()) {
                    files.add(schema.file);
                }
                for (String file : files) {
                    try (InputStream in =
                            ContractSchema.class.getClassLoader().getResourceAsStream("schemas/" + file)) {
                        if (in == null) {
                            throw new IllegalStateException("missing schemas/" + file);
                        }
                        digest.update(file.getBytes(StandardCharsets.UTF_8));
                        digest.update(in.readAllBytes());
                    }
                }
                return HexFormat.of().formatHex(digest.digest(), 0, 8);
            } catch (IOException | NoSuchAlgorithmException e) {
                throw new IllegalStateException("cannot digest the contract's schemas", e);
            }
        }
    }

    private Schema schema() {
        Schema compiled = schema;
        if (compiled == null) {
            compiled = REGISTRY.getSchema(SchemaLocation.of(ID_PREFIX + file));
            compiled.initializeValidators();
            schema = compiled;
        }
        return compiled;
    }

    private static String field(Error error) {
        String path = error.getInstanceLocation().toString();
        String field = path.equals("$") ? "" : path.startsWith("$.") ? path.substring(2) : path.substring(1);
        String keyword = error.getKeyword();
        if (error.getProperty() != null && ("required".equals(keyword) || "additionalProperties".equals(keyword))) {
            field = field.isEmpty() ? error.getProperty() : field + "." + error.getProperty();
        }
        return field;
    }

    private static String reason(Error error) {
        return switch (error.getKeyword()) {
            case "required" -> "is required";
            case "additionalProperties" -> "is not a known field";
            case "type" ->
                "must be of type "
                        + error.getSchemaNode().asText(error.getSchemaNode().toString());
            case "enum" -> "must be one of " + error.getSchemaNode();
            case "const" -> "must be " + error.getSchemaNode();
            case "pattern" ->
                "does not match the pattern " + error.getSchemaNode().asText();
            case "format" ->
                "is not a valid " + error.getSchemaNode().asText()
                        + ("date-time".equals(error.getSchemaNode().asText()) ? " (RFC 3339 with offset)" : "");
            default -> message(error);
        };
    }

    private static String message(Error error) {
        String message = error.getMessage();
        int colon = message.indexOf(": ");
        return message.startsWith("$") && colon > 0 ? message.substring(colon + 2) : message;
    }
}
