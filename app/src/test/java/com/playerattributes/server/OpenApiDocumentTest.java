package com.playerattributes.server;

import com.fasterxml.jackson.databind.JsonNode;
import org.junit.jupiter.api.Test;

import java.io.InputStream;
import java.util.Arrays;
import java.util.Iterator;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import java.util.stream.Collectors;

import static org.assertj.core.api.Assertions.assertThat;

/** The served OpenAPI document lists exactly the routes the server has, with their methods. */
class OpenApiDocumentTest {

    @Test
    void everyDocumentedOperationIsARouteAndEveryRouteIsDocumented() throws Exception {
        JsonNode doc;
        try (InputStream in = getClass().getResourceAsStream("/server/openapi.json")) {
            doc = TestClient.JSON.readTree(in);
        }
        Set<String> documented = new TreeSet<>();
        for (Iterator<Map.Entry<String, JsonNode>> paths = doc.get("paths").fields(); paths.hasNext(); ) {
            Map.Entry<String, JsonNode> path = paths.next();
            path.getValue().fieldNames().forEachRemaining(method -> documented.add(method.toUpperCase() + " " + path.getKey()));
        }
        Set<String> routed = Arrays.stream(Route.values()).filter(r -> r != Route.UNMATCHED)
                .map(r -> r.method().name() + " " + r.template()).collect(Collectors.toCollection(TreeSet::new));
        assertThat(documented).isEqualTo(routed);
    }

    @Test
    void everyDocumentedPathMatchesItsRouteWhenFilledIn() throws Exception {
        JsonNode doc;
        try (InputStream in = getClass().getResourceAsStream("/server/openapi.json")) {
            doc = TestClient.JSON.readTree(in);
        }
        doc.get("paths").fieldNames().forEachRemaining(template -> {
            String concrete = template.replace("{player_id}", "p-1").replace("{attribute_name}", "country");
            Route.Match m = Route.match(concrete);
            assertThat(m.route().template()).as(concrete).isEqualTo(template);
        });
    }
}
