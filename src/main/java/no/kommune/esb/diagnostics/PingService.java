package no.kommune.esb.diagnostics;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.stereotype.Component;

import java.util.UUID;
import no.kommune.esb.platform.web.UgyldigForespoersel;

/** Records a ping before it is acknowledged and gives it the id that names it on every hop. */
@Component("pingService")
public class PingService {

    /** Longest ping message accepted; a ping is a probe, not a payload. */
    static final int MAX_MESSAGE_LENGTH = 200;

    private final JdbcTemplate jdbc;
    private final ObjectMapper json;

    public PingService(JdbcTemplate jdbc, ObjectMapper json) {
        this.jdbc = jdbc;
        this.json = json;
    }

    /**
     * Validates the body {@code {"message": "..."}}, stores it and returns the JSON passed on to the queue,
     * with {@code id} added. Throws {@link IllegalArgumentException} for a body that is not such an object.
     */
    public String record(String body) {
        JsonNode node;
        try {
            node = json.readTree(body);
        } catch (Exception e) {
            throw new UgyldigForespoersel("body is not JSON");
        }
        if (node == null || !node.isObject() || !node.path("message").isTextual()) {
            throw new UgyldigForespoersel("body must be {\"message\": \"...\"}");
        }
        String message = node.get("message").asText();
        if (message.length() > MAX_MESSAGE_LENGTH) {
            throw new UgyldigForespoersel("message longer than " + MAX_MESSAGE_LENGTH + " characters");
        }
        UUID id = UUID.randomUUID();
        jdbc.update("insert into ping (id, message) values (?, ?)", id, message);
        ObjectNode out = json.createObjectNode().put("id", id.toString()).put("message", message);
        return out.toString();
    }
}
