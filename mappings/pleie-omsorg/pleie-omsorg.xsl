<?xml version="1.0" encoding="UTF-8"?>
<!-- Person change for the care record system: patient, GP and next of kin. The input document arrives as the
     XPath map $input; absent values (a withheld address) produce no element. -->
<xsl:stylesheet version="3.0"
                xmlns:xsl="http://www.w3.org/1999/XSL/Transform"
                xmlns:xs="http://www.w3.org/2001/XMLSchema"
                xmlns:map="http://www.w3.org/2005/xpath-functions/map"
                xmlns="urn:kommune:pleie-omsorg:personendring:1"
                exclude-result-prefixes="xs map">

  <xsl:output method="xml" indent="yes" encoding="UTF-8"/>

  <xsl:param name="input" as="map(*)"/>

  <xsl:template name="xsl:initial-template">
    <xsl:variable name="person" select="$input?person"/>
    <PersonEndring>
      <Sekvensnummer><xsl:value-of select="$input?hendelse?sekvensnummer"/></Sekvensnummer>
      <Hendelsestype><xsl:value-of select="$input?hendelse?hendelsetype"/></Hendelsestype>
      <Pasient>
        <Fodselsnummer><xsl:value-of select="$person?identitetsnummer"/></Fodselsnummer>
        <Fornavn><xsl:value-of select="string-join(($person?navn?fornavn, $person?navn?mellomnavn), ' ')"/></Fornavn>
        <Etternavn><xsl:value-of select="$person?navn?etternavn"/></Etternavn>
        <xsl:if test="exists($person?status)">
          <Status><xsl:value-of select="$person?status"/></Status>
        </xsl:if>
        <xsl:if test="exists($person?doedsdato)">
          <Dodsdato><xsl:value-of select="$person?doedsdato"/></Dodsdato>
        </xsl:if>
        <xsl:call-template name="adresse">
          <xsl:with-param name="a" select="$person?bostedsadresse"/>
        </xsl:call-template>
        <AdresseSperret><xsl:value-of select="if ($person?adresseTilbakeholdt) then 'true' else 'false'"/></AdresseSperret>
      </Pasient>
      <xsl:if test="exists($input?fastlege)">
        <xsl:variable name="lege" select="$input?fastlege"/>
        <Fastlege>
          <xsl:if test="exists($lege?hprNummer)"><HprNummer><xsl:value-of select="$lege?hprNummer"/></HprNummer></xsl:if>
          <xsl:if test="exists($lege?herId)"><HerId><xsl:value-of select="$lege?herId"/></HerId></xsl:if>
          <Navn><xsl:value-of select="$lege?navn"/></Navn>
          <Legekontor>
            <Navn><xsl:value-of select="$lege?legekontor?navn"/></Navn>
            <Organisasjonsnummer><xsl:value-of select="$lege?legekontor?organisasjonsnummer"/></Organisasjonsnummer>
            <Telefon><xsl:value-of select="$lege?legekontor?telefon"/></Telefon>
          </Legekontor>
        </Fastlege>
      </xsl:if>
      <xsl:for-each select="$input?relaterte?*">
        <Parorende>
          <Relasjon><xsl:value-of select="?relasjon"/></Relasjon>
          <Fodselsnummer><xsl:value-of select="?identitetsnummer"/></Fodselsnummer>
          <Navn><xsl:value-of select="?navn?fulltNavn"/></Navn>
          <!-- a deceased next of kin is told as such, never as someone to contact (DOMAIN.md rule 6) -->
          <xsl:if test="?doed = true()"><Dod>true</Dod></xsl:if>
          <!-- Folkeregisteret gave the document but it cannot be read: no name, told as such, never as nobody -->
          <xsl:if test="?ulesbar = true()"><Ulesbar>true</Ulesbar></xsl:if>
        </Parorende>
      </xsl:for-each>
    </PersonEndring>
  </xsl:template>

  <!-- Street addresses as gate/husnummer; other kinds as their lines -->
  <xsl:template name="adresse">
    <xsl:param name="a" as="map(*)?"/>
    <xsl:if test="exists($a)">
      <Bostedsadresse>
        <xsl:choose>
          <xsl:when test="$a?type = 'VEGADRESSE'">
            <Gate><xsl:value-of select="$a?adressenavn"/></Gate>
            <Husnummer><xsl:value-of select="concat($a?husnummer, $a?husbokstav)"/></Husnummer>
          </xsl:when>
          <xsl:otherwise>
            <xsl:for-each select="$a?adresselinjer?*">
              <Linje><xsl:value-of select="."/></Linje>
            </xsl:for-each>
          </xsl:otherwise>
        </xsl:choose>
        <Postnummer><xsl:value-of select="$a?postnummer"/></Postnummer>
        <Poststed><xsl:value-of select="$a?poststed"/></Poststed>
      </Bostedsadresse>
    </xsl:if>
  </xsl:template>
</xsl:stylesheet>
