/**
 * Loads, compiles and runs the mappings under {@code mappings/}: register data (a JSON input document, see
 * docs/hendelser.md) into the payload a fagsystem expects. JSONata for JSON targets, XSLT 3 (Saxon-HE) for XML,
 * a declared column layout with JSONata cells for semicolon CSV. Mappings compile once at load; compile errors
 * name the file and the reason. Pure Java: no Spring, no Camel.
 */
package no.kommune.esb.mapping;
