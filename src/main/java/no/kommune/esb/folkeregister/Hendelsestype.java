package no.kommune.esb.folkeregister;

import java.util.HashMap;
import java.util.Map;

/**
 * Event types of the feed, the {@code Hendelsestype} enum of freg.yaml. The feed's {@code hendelsetype} is a
 * free string in the contract, so names not listed here map to {@link #UKJENT} (the raw name is kept on
 * {@link FeedHendelse#hendelsetype()}).
 */
public enum Hendelsestype {
    PERSON_ER_OPPRETTET("personErOpprettet"),
    PERSON_ER_REAKTIVERT("personErReaktivert"),
    PERSON_ER_OPPDATERT("personErOppdatert"),
    PERSON_ER_OPPHOERT("personErOpphoert"),
    PERSON_ER_VIDEREFOERT_SOM_GJELDENDE_VED_SAMMENSLAAING("personErViderefoertSomGjeldendeVedSammenslaaing"),
    PERSON_ER_OPPHOERT_SOM_DUBLETT("personErOpphoertSomDublett"),
    PERSON_ER_ENDRET_VED_SPLITTING("personErEndretVedSplitting"),
    PERSON_ER_GJENOPPRETTET_VED_SPLITTING("personErGjenopprettetVedSplitting"),
    PERSON_ER_DOED("personErDoed"),
    PERSON_ER_BOSATT("personErBosatt"),
    PERSON_ER_UTFLYTTET("personErUtflyttet"),
    ENDRING_I_STATUS("endringIStatus"),
    ENDRING_I_IDENTITETSGRUNNLAG("endringIIdentitetsgrunnlag"),
    ENDRING_I_UTENLANDSK_PERSONIDENTIFIKASJON("endringIUtenlandskPersonidentifikasjon"),
    ENDRING_I_UTLENDINGSMYNDIGHETENES_IDENTIFIKASJONSNUMMER("endringIUtlendingsmyndighetenesIdentifikasjonsnummer"),
    ENDRING_I_LEGITIMASJONSDOKUMENT("endringILegitimasjonsdokument"),
    ENDRING_I_IDENTIFIKASJONSNUMMER("endringIIdentifikasjonsnummer"),
    ENDRING_I_FALSK_IDENTITET("endringIFalskIdentitet"),
    ENDRING_I_KONTAKTOPPLYSNINGER_FOR_DOEDSBO("endringIKontaktopplysningerForDoedsbo"),
    ENDRING_I_DELT_BOSTED("endringIDeltBosted"),
    ENDRING_I_FOEDSEL("endringIFoedsel"),
    ENDRING_I_FOEDSEL_I_NORGE("endringIFoedselINorge"),
    ENDRING_I_KJOENN("endringIKjoenn"),
    ENDRING_I_FAMILIERELASJON("endringIFamilierelasjon"),
    ENDRING_I_SIVILSTAND("endringISivilstand"),
    ENDRING_I_DOEDSFALL("endringIDoedsfall"),
    ENDRING_I_NAVN("endringINavn"),
    ENDRING_I_ADRESSEBESKYTTELSE("endringIAdressebeskyttelse"),
    ENDRING_I_BOSTEDSADRESSE("endringIBostedsadresse"),
    ENDRING_I_BOSTEDSADRESSE_UTEN_FLYTTING("endringIBostedsadresseUtenFlytting"),
    ENDRING_I_OPPHOLDSADRESSE("endringIOppholdsadresse"),
    ENDRING_I_INNFLYTTING("endringIInnflytting"),
    ENDRING_I_UTFLYTTING("endringIUtflytting"),
    ENDRING_I_BRUK_AV_SAMISK_SPRAAK("endringIBrukAvSamiskSpraak"),
    ENDRING_I_SAMETINGETS_VALGMANNTALL("endringISametingetsValgmanntall"),
    ENDRING_I_KONTAKTINFORMASJON("endringIKontaktinformasjon"),
    ENDRING_I_FORELDREANSVAR("endringIForeldreansvar"),
    ENDRING_I_STATSBORGERSKAP("endringIStatsborgerskap"),
    ENDRING_I_OPPHOLD("endringIOpphold"),
    ENDRING_I_OPPHOLD_PAA_SVALBARD("endringIOppholdPaaSvalbard"),
    ENDRING_I_VERGEMAAL("endringIVergemaal"),
    ENDRING_I_PERSON("endringIPerson"),
    /** A name the contract does not list (the feed may carry newer types). */
    UKJENT(null);

    private static final Map<String, Hendelsestype> BY_NAME = new HashMap<>();

    static {
        for (Hendelsestype t : values()) {
            if (t.registerName != null) {
                BY_NAME.put(t.registerName, t);
            }
        }
    }

    private final String registerName;

    Hendelsestype(String registerName) {
        this.registerName = registerName;
    }

    /** The name as Folkeregisteret spells it, e.g. {@code endringIBostedsadresse}; null for {@link #UKJENT}. */
    public String registerName() {
        return registerName;
    }

    public static Hendelsestype fromRegisterName(String name) {
        return name == null ? UKJENT : BY_NAME.getOrDefault(name, UKJENT);
    }
}
