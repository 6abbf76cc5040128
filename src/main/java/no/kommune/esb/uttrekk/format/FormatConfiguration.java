package no.kommune.esb.uttrekk.format;

import org.springframework.boot.context.properties.EnableConfigurationProperties;
import org.springframework.context.annotation.Configuration;

/** The formats' limits ({@link FormatProperties}). */
@Configuration
@EnableConfigurationProperties(FormatProperties.class)
public class FormatConfiguration {
}
