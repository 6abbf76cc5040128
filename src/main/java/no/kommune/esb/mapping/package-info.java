/**
 * Loads, compiles and runs the mappings under {@code mappings/}: register data (a JSON input document, see
 * docs/hendelser.md) into the payload a fagsystem expects. JSONata for JSON targets, XSLT 3 (Saxon-HE) for XML,
 * a declared column layout with JSONata cells for semicolon CSV. The other way round, an input layout ({@link
 * no.kommune.esb.mapping.Innlesing}, {@code .inn.yaml}) reads a fagsystem's own CSV or XML file into named values (the
 * wash's identity numbers). Mappings compile once at load; compile errors name the file and the reason. Pure Java: no
 * Spring, no Camel.
 */
package no.kommune.esb.mapping;
