package no.kommune.esb;

import org.junit.platform.suite.api.ConfigurationParameter;
import org.junit.platform.suite.api.IncludeClassNamePatterns;
import org.junit.platform.suite.api.SelectPackages;
import org.junit.platform.suite.api.Suite;
import org.junit.platform.suite.api.SuiteDisplayName;

/** The first half of the test suite, in its own test JVM ({@link Testdeler}). */
@Suite
@SuiteDisplayName("Del 1 av 2")
@SelectPackages("no.kommune.esb")
@IncludeClassNamePatterns(Testdeler.DEL_1)
@ConfigurationParameter(key = "junit.jupiter.testclass.order.default", value = Testdeler.ORDEN)
class Del1Suite {
}
