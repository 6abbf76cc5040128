package no.kommune.esb.svarut;

import java.time.OffsetDateTime;
import java.util.Objects;
import java.util.UUID;

/**
 * One entry of a status search: the forsendelse, its current status and when that status was set
 * ({@code ForsendelseStatus} in forsendelse-status-api-v2.json).
 */
public record ForsendelseStatus(UUID id, SvarUtStatus status, OffsetDateTime sisteStatusEndring) {

    public ForsendelseStatus {
        Objects.requireNonNull(id, "id");
        Objects.requireNonNull(status, "status");
    }

    public boolean erEndelig() {
        return status.erEndelig();
    }
}
