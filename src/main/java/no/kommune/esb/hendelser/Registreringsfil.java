package no.kommune.esb.hendelser;

import java.util.List;

/**
 * A registration file as written, before validation: every value a plain string so that the validator can
 * report all problems at once with file, line, column and reason (see {@link FagsystemLoader}). Its components are
 * also the keys a registration may have: any other key is reported as unknown.
 */
record Registreringsfil(String id,
                        String navn,
                        String tjenesteomraade,
                        List<String> hendelsestyper,
                        PopulasjonFil populasjon,
                        DataFil data,
                        RelaterteFil relatertePersoner,
                        MappingFil mapping,
                        LeveringFil levering,
                        RetryFil retry,
                        OppslagFil oppslag,
                        VaskFil vask) {

    record PopulasjonFil(String kommune, Boolean portefolje, AlderFil alder) {
    }

    record AlderFil(Integer fra, Integer til) {
    }

    record DataFil(List<String> felter, Boolean beskyttedeAdresser) {
    }

    record RelaterteFil(List<String> roller, List<String> felter) {
    }

    record MappingFil(String file, String format) {
    }

    record LeveringFil(KafkaFil kafka, JmsFil jms, SftpFil sftp, HttpFil http) {
    }

    record KafkaFil(String topic) {
    }

    record JmsFil(String queue) {
    }

    record SftpFil(String folder, String schedule, String filename) {
    }

    record HttpFil(String url, AuthFil auth) {
    }

    record AuthFil(String type, String usernameEnv, String passwordEnv, String tokenEnv) {
    }

    record OppslagFil(List<String> formaal, Boolean utenforPopulasjonen) {
    }

    record VaskFil(String mapping, String formaal) {
    }

    record RetryFil(Integer maxAttempts, String initialDelay, Double multiplier, String maxDelay) {
    }
}
