package no.kommune.esb;

import org.junit.platform.suite.api.ConfigurationParameter;
import org.junit.platform.suite.api.ExcludeClassNamePatterns;
import org.junit.platform.suite.api.SelectPackages;
import org.junit.platform.suite.api.Suite;
import org.junit.platform.suite.api.SuiteDisplayName;

/** The second half of the test suite: every test class {@link Del1Suite} does not run ({@link Testdeler}). */
@Suite
@SuiteDisplayName("Del 2 av 2")
@SelectPackages("no.kommune.esb")
@ExcludeClassNamePatterns(Testdeler.DEL_1)
@ConfigurationParameter(key = "junit.jupiter.testclass.order.default", value = Testdeler.ORDEN)
class Del2Suite {
}
