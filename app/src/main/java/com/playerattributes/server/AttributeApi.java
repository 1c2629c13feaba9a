package com.playerattributes.server;

import com.fasterxml.jackson.core.JsonFactory;
import com.fasterxml.jackson.core.JsonGenerator;
import com.fasterxml.jackson.core.JsonLocation;
import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.core.JsonToken;
import com.fasterxml.jackson.core.StreamReadConstraints;
import com.fasterxml.jackson.core.exc.StreamConstraintsException;
import com.fasterxml.jackson.core.io.JsonEOFException;
import com.fasterxml.jackson.core.util.ByteArrayBuilder;
import com.playerattributes.snapshot.Attribute;
import com.playerattributes.snapshot.PanelRow;
import com.playerattributes.store.LiveVersion;
import com.playerattributes.store.OnlineStore;
import com.playerattributes.store.PanelValueCodec;
import com.playerattributes.store.StoreVersion;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.time.Clock;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

/**
 * The GetAttribute API as plain functions from request inputs to JSON bytes, independent of the HTTP stack.
 * Every data answer pins one store version for its whole duration, so it never mixes two versions.
 * Failures are thrown as {@link ApiError}.
 */
public final class AttributeApi {
    public static final int MAX_BATCH_IDS = 1000;

    static final JsonFactory JSON = JsonFactory.builder()
            // Bodies are small; a deep or huge document is an attack, not a request.
            .streamReadConstraints(StreamReadConstraints.builder().maxNestingDepth(16).maxStringLength(64 * 1024)
                    .maxNameLength(64 * 1024).maxNumberLength(1000).build())
            .build();

    private final OnlineStore store;
    private final Clock clock;

    private final List<ServerExtension> extensions;

    public AttributeApi(OnlineStore store, Clock clock) {
        this(store, clock, List.of());
    }

    public AttributeApi(OnlineStore store, Clock clock, List<ServerExtension> extensions) {
        this.store = store;
        this.clock = clock;
        this.extensions = List.copyOf(extensions);
    }

    /** {@code GET /v1/players/{player_id}/attributes/{attribute_name}}. */
    public byte[] attribute(String playerId, String attributeName) {
        PlayerIds.validate(playerId);
        Attribute attribute = attributeNamed(attributeName);
        try (LiveVersion live = acquireLive()) {
            PanelRow row = read(live, playerId);
            return write(g -> {
                g.writeStartObject();
                g.writeStringField("player_id", playerId);
                g.writeStringField("attribute", attribute.columnName());
                g.writeFieldName("value");
                writeValue(g, row.value(attribute));
                writeVersion(g, live.version());
                g.writeEndObject();
            });
        }
    }

    /** {@code GET /v1/players/{player_id}/attributes}. */
    public byte[] attributes(String playerId) {
        PlayerIds.validate(playerId);
        try (LiveVersion live = acquireLive()) {
            PanelRow row = read(live, playerId);
            return write(g -> {
                g.writeStartObject();
                g.writeStringField("player_id", playerId);
                writeAttributes(g, row, Attribute.all());
                writeVersion(g, live.version());
                g.writeEndObject();
            });
        }
    }

    /** {@code POST /v1/attributes:batchGet}: one result per id, in request order, all from one version. */
    public byte[] batchGet(byte[] body) {
        BatchRequest request = BatchRequest.parse(body);
        try (LiveVersion live = acquireLive()) {
            return write(g -> {
                g.writeStartObject();
                writeVersion(g, live.version());
                g.writeArrayFieldStart("results");
                for (String id : request.playerIds()) {
                    g.writeStartObject();
                    g.writeStringField("player_id", id);
                    try {
                        PlayerIds.validate(id);
                        writeAttributes(g, read(live, id), request.attributes());
                    } catch (ApiError e) {
                        writeError(g, e.code(), e.getMessage());
                    }
                    g.writeEndObject();
                }
                g.writeEndArray();
                g.writeEndObject();
            });
        }
    }

    /** Whether a live version is loaded: one can be pinned right now, exactly as a request would. */
    public boolean ready() {
        Optional<LiveVersion> live = store.acquireLive();
        live.ifPresent(LiveVersion::close);
        return live.isPresent();
    }

    /** {@code GET /v1/status}: the live version and the previous versions still kept. */
    public byte[] status() {
        List<StoreVersion> versions = store.versions();
        Optional<StoreVersion> live = versions.stream().filter(StoreVersion::live).findFirst();
        Instant now = clock.instant();
        return write(g -> {
            g.writeStartObject();
            g.writeStringField("store", store.location());
            g.writeBooleanField("ready", live.isPresent());
            g.writeFieldName("live");
            if (live.isPresent()) {
                writeVersionDetails(g, live.get());
                g.writeNumberField("data_age_seconds", Math.max(0, now.getEpochSecond() - live.get().asOf().getEpochSecond()));
                g.writeEndObject();
            } else {
                g.writeNull();
            }
            g.writeArrayFieldStart("previous_versions");
            for (StoreVersion v : versions) {
                if (!v.live()) {
                    writeVersionDetails(g, v);
                    g.writeEndObject();
                }
            }
            g.writeEndArray();
            for (ServerExtension e : extensions) {
                g.writeFieldName(e.statusField());
                g.writeRawValue(e.statusJson());
            }
            g.writeEndObject();
        });
    }

    /** {@code {"error": {"code": …, "message": …}}}. */
    public static byte[] errorBody(String code, String message) {
        return write(g -> {
            g.writeStartObject();
            writeError(g, code, message);
            g.writeEndObject();
        });
    }

    static Attribute attributeNamed(String name) {
        return Attribute.byName(name).orElseThrow(() -> new ApiError(400, "unknown_attribute",
                "unknown attribute '" + PlayerIds.printable(name) + "'; valid names: " + Attribute.validNames()));
    }

    private LiveVersion acquireLive() {
        return store.acquireLive().orElseThrow(ApiError::notReady);
    }

    private static PanelRow read(LiveVersion live, String playerId) {
        byte[] value = live.get(PanelValueCodec.key(playerId));
        if (value == null) {
            throw ApiError.playerNotFound(playerId);
        }
        return PanelValueCodec.decode(playerId, value);
    }

    private static void writeAttributes(JsonGenerator g, PanelRow row, List<Attribute> attributes) throws IOException {
        g.writeObjectFieldStart("attributes");
        for (Attribute a : attributes) {
            g.writeFieldName(a.columnName());
            writeValue(g, row.value(a));
        }
        g.writeEndObject();
    }

    private static void writeValue(JsonGenerator g, Object value) throws IOException {
        if (value == null) {
            g.writeNull();
        } else if (value instanceof String s) {
            g.writeString(s);
        } else if (value instanceof Long l) {
            g.writeNumber(l);
        } else {
            g.writeNumber((Double) value);
        }
    }

    private static void writeVersion(JsonGenerator g, StoreVersion v) throws IOException {
        g.writeStringField("version", v.id());
        g.writeStringField("as_of", v.asOf().toString());
    }

    /** Opens an object and writes a version's fields; the caller closes it. */
    private static void writeVersionDetails(JsonGenerator g, StoreVersion v) throws IOException {
        g.writeStartObject();
        writeVersion(g, v);
        g.writeNumberField("rows", v.rows());
        g.writeNumberField("bytes", v.bytes());
        g.writeStringField("created_at", v.createdAt() == null ? null : v.createdAt().toString());
        g.writeStringField("published_at", v.publishedAt() == null ? null : v.publishedAt().toString());
        g.writeStringField("source", v.source());
    }

    private static void writeError(JsonGenerator g, String code, String message) throws IOException {
        g.writeObjectFieldStart("error");
        g.writeStringField("code", code);
        g.writeStringField("message", message);
        g.writeEndObject();
    }

    private interface JsonWriting {
        void writeTo(JsonGenerator g) throws IOException;
    }

    private static byte[] write(JsonWriting body) {
        ByteArrayBuilder out = new ByteArrayBuilder(256);
        try (JsonGenerator g = JSON.createGenerator(out)) {
            body.writeTo(g);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        return out.toByteArray();
    }

    /** The validated body of a batchGet. */
    record BatchRequest(List<String> playerIds, List<Attribute> attributes) {

        static BatchRequest parse(byte[] body) {
            List<String> ids = null;
            List<Attribute> attributes = Attribute.all();
            try (JsonParser p = JSON.createParser(body)) {
                if (p.nextToken() != JsonToken.START_OBJECT) {
                    throw ApiError.invalidRequest("body must be a JSON object {\"player_ids\": [...], \"attributes\": [...]}");
                }
                java.util.Set<String> seen = new java.util.HashSet<>();
                while (p.nextToken() == JsonToken.FIELD_NAME) {
                    String field = p.currentName();
                    if (!seen.add(field)) {
                        throw ApiError.invalidRequest("field '" + PlayerIds.printable(field) + "' appears twice");
                    }
                    p.nextToken();
                    switch (field) {
                        case "player_ids" -> ids = strings(p, field, MAX_BATCH_IDS);
                        case "attributes" -> {
                            if (p.currentToken() != JsonToken.VALUE_NULL) {
                                // A set: asking twice for one attribute must not produce a duplicate JSON key.
                                java.util.LinkedHashSet<Attribute> named = new java.util.LinkedHashSet<>();
                                for (String name : strings(p, field, Attribute.all().size() * 4)) {
                                    named.add(attributeNamed(name));
                                }
                                attributes = List.copyOf(named);
                            }
                        }
                        default -> throw ApiError.invalidRequest("unknown field '" + PlayerIds.printable(field)
                                + "'; allowed: player_ids, attributes");
                    }
                }
                if (p.nextToken() != null) {
                    throw ApiError.invalidRequest("unexpected content after the JSON object");
                }
            } catch (StreamConstraintsException e) {
                throw ApiError.invalidRequest(constraintMessage(e));
            } catch (JsonProcessingException e) {
                throw ApiError.invalidRequest("request body is not valid JSON: " + syntaxMessage(e));
            } catch (IOException e) {
                throw ApiError.invalidRequest("request body could not be read as JSON");
            }
            if (ids == null) {
                throw ApiError.invalidRequest("player_ids is required");
            }
            return new BatchRequest(ids, attributes);
        }

        private static List<String> strings(JsonParser p, String field, int max) throws IOException {
            if (p.currentToken() != JsonToken.START_ARRAY) {
                throw ApiError.invalidRequest(field + " must be an array of strings");
            }
            List<String> out = new ArrayList<>();
            JsonToken t;
            while ((t = p.nextToken()) != JsonToken.END_ARRAY) {
                if (t != JsonToken.VALUE_STRING) {
                    throw ApiError.invalidRequest(field + " must be an array of strings");
                }
                if (out.size() == max) {
                    throw new ApiError(400, "too_many_items", field + " holds more than " + max + " items");
                }
                out.add(p.getText());
            }
            return out;
        }

        /** A limit of {@link #JSON} was hit; Jackson's message names its own classes, so it is not passed on. */
        private static String constraintMessage(StreamConstraintsException e) {
            StreamReadConstraints limits = JSON.streamReadConstraints();
            String m = String.valueOf(e.getOriginalMessage());
            if (m.startsWith("Document nesting depth")) {
                return "request body is nested deeper than " + limits.getMaxNestingDepth() + " levels";
            }
            if (m.contains("length")) {
                // A very long number can trip the string limit (Jackson buffers its text), so name both.
                return "request body has a number longer than " + limits.getMaxNumberLength()
                        + " digits or a string longer than " + limits.getMaxStringLength() + " characters";
            }
            return "request body exceeds the JSON parser's limits";
        }

        /**
         * Jackson's own description of a syntax error, as one line without its source-location text (which
         * names a Jackson feature class), followed by the line and column.
         */
        private static String syntaxMessage(JsonProcessingException e) {
            String what;
            if (e instanceof JsonEOFException) {
                what = "unexpected end of input";
            } else {
                String m = e.getOriginalMessage() == null ? "malformed JSON" : e.getOriginalMessage();
                for (String cut : List.of("\n", " (start marker at", "[Source")) {
                    int at = m.indexOf(cut);
                    if (at >= 0) {
                        m = m.substring(0, at);
                    }
                }
                m = CHARACTER_CODE.matcher(m.strip()).replaceAll("$1");
                what = m.isEmpty() ? "malformed JSON" : PlayerIds.printable(Character.toLowerCase(m.charAt(0)) + m.substring(1));
            }
            JsonLocation at = e.getLocation();
            return at == null ? what : what + " at line " + at.getLineNr() + ", column " + at.getColumnNr();
        }

        /** {@code ('x' (code 120))} in Jackson's messages, shortened to {@code 'x'}. */
        private static final java.util.regex.Pattern CHARACTER_CODE = java.util.regex.Pattern.compile("\\(('.+?') \\(code \\d+\\)\\)");
    }
}
