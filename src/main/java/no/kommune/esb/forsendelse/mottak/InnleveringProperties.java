package no.kommune.esb.forsendelse.mottak;

import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.boot.context.properties.bind.ConstructorBinding;
import org.springframework.util.unit.DataSize;

import java.util.List;

/**
 * Intake settings under {@code forsendelse.*}.
 *
 * @param avsendersystemer      fagsystems allowed to hand in letters (the {@code avsenderSystem} field)
 * @param maksDokumentstorrelse largest single document accepted
 * @param bunke                 limits of one batch hand-in ({@code POST /api/forsendelser/bunker})
 * @param jms                   limits of one letter message on a sender's JMS queue
 */
@ConfigurationProperties("forsendelse")
public record InnleveringProperties(List<String> avsendersystemer, DataSize maksDokumentstorrelse, Bunke bunke, Jms jms) {

    @ConstructorBinding
    public InnleveringProperties {
        avsendersystemer = avsendersystemer == null ? List.of() : List.copyOf(avsendersystemer);
        maksDokumentstorrelse = maksDokumentstorrelse == null ? DataSize.ofMegabytes(100) : maksDokumentstorrelse;
        bunke = bunke == null ? new Bunke(0, null) : bunke;
        jms = jms == null ? new Jms(null) : jms;
    }

    /** Settings with the default JMS limit. */
    public InnleveringProperties(List<String> avsendersystemer, DataSize maksDokumentstorrelse, Bunke bunke) {
        this(avsendersystemer, maksDokumentstorrelse, bunke, null);
    }

    /** Settings with the default batch limits. */
    public InnleveringProperties(List<String> avsendersystemer, DataSize maksDokumentstorrelse) {
        this(avsendersystemer, maksDokumentstorrelse, null, null);
    }

    /**
     * @param maksForsendelser letters in one batch request (default 500)
     * @param maksStorrelse    the whole batch request body, base64 documents included (default 50 MB)
     */
    public record Bunke(int maksForsendelser, DataSize maksStorrelse) {
        public Bunke {
            maksForsendelser = maksForsendelser <= 0 ? 500 : maksForsendelser;
            maksStorrelse = maksStorrelse == null ? DataSize.ofMegabytes(50) : maksStorrelse;
        }
    }

    /**
     * @param maksStorrelse one letter message, its base64 documents included (default 64 MB); a larger one is refused
     *                      unread (413 on the answer queue, a dead letter without the payload): it is held several times
     *                      over while it is read, decoded and checked
     */
    public record Jms(DataSize maksStorrelse) {
        public Jms {
            maksStorrelse = maksStorrelse == null ? DataSize.ofMegabytes(64) : maksStorrelse;
        }
    }
}
