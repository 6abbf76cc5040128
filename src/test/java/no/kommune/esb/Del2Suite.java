package no.kommune.esb;

import org.junit.platform.suite.api.ConfigurationParameter;
import org.junit.platform.suite.api.ExcludeClassNamePatterns;
import org.junit.platform.suite.api.SelectPackages;
import org.junit.platform.suite.api.Suite;
import org.junit.platform.suite.api.SuiteDisplayName;

/**
 * The second half of the test suite: every test class {@link Del1Suite} does not run ({@link Testdeler}).
 * JUnit's parallel execution is on, with every class in the sequence but those marked {@link VedSidenAv}, which run
 * beside it one at a time (docs/testing.md, "Classes beside the sequence").
 */
@Suite
@SuiteDisplayName("Del 2 av 2")
@SelectPackages("no.kommune.esb")
@ExcludeClassNamePatterns(Testdeler.DEL_1)
@ConfigurationParameter(key = "junit.jupiter.testclass.order.default", value = Testdeler.ORDEN)
@ConfigurationParameter(key = "junit.jupiter.execution.parallel.enabled", value = "true")
@ConfigurationParameter(key = "junit.jupiter.execution.parallel.mode.default", value = "same_thread")
@ConfigurationParameter(key = "junit.jupiter.execution.parallel.config.strategy", value = "fixed")
@ConfigurationParameter(key = "junit.jupiter.execution.parallel.config.fixed.parallelism", value = "2")
class Del2Suite {
}
