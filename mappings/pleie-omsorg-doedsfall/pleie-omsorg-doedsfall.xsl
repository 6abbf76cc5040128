<?xml version="1.0" encoding="UTF-8"?>
<!-- A death told to the care record system by the proactive trigger doedsfall-pleie-omsorg (docs/proaktiv.md): the
     patient and the date of death, so home services and invoices stop, and the next of kin the registration lets it
     see, to be contacted. The input is the document the registration pleie-omsorg receives (minimised for it). -->
<xsl:stylesheet version="3.0"
                xmlns:xsl="http://www.w3.org/1999/XSL/Transform"
                xmlns:xs="http://www.w3.org/2001/XMLSchema"
                xmlns:map="http://www.w3.org/2005/xpath-functions/map"
                xmlns="urn:kommune:pleie-omsorg:dodsfall:1"
                exclude-result-prefixes="xs map">

  <xsl:output method="xml" indent="yes" encoding="UTF-8"/>

  <xsl:param name="input" as="map(*)"/>

  <xsl:template name="xsl:initial-template">
    <xsl:variable name="person" select="$input?person"/>
    <Dodsfall>
      <Sekvensnummer><xsl:value-of select="$input?hendelse?sekvensnummer"/></Sekvensnummer>
      <Pasient>
        <Fodselsnummer><xsl:value-of select="$person?identitetsnummer"/></Fodselsnummer>
        <Navn><xsl:value-of select="$person?navn?fulltNavn"/></Navn>
        <xsl:if test="exists($person?doedsdato)">
          <Dodsdato><xsl:value-of select="$person?doedsdato"/></Dodsdato>
        </xsl:if>
      </Pasient>
      <!-- what the care services do on receipt; the record system starts its own routine from it -->
      <Tiltak>AVSLUTT_TJENESTER_OG_FAKTURERING</Tiltak>
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
    </Dodsfall>
  </xsl:template>
</xsl:stylesheet>
