package dev.rivulet.redaction;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.beans.factory.DisposableBean;
import org.springframework.beans.factory.InitializingBean;
import org.springframework.boot.context.properties.EnableConfigurationProperties;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;

/** Binds {@link RedactionProperties} and hands the configured {@link Redactor} to the log converters. */
@Configuration(proxyBeanMethods = false)
@EnableConfigurationProperties(RedactionProperties.class)
class RedactionConfiguration {

    @Bean
    LogRedactorInstallation logRedactorInstallation(Redactor redactor) {
        return new LogRedactorInstallation(redactor);
    }

    /**
     * Logback creates its converters itself, long before the Spring context exists, so
     * they reach the redactor through {@link LogRedaction}. This bean swaps the default
     * redactor for the configured one on start-up and back on shut-down.
     */
    static final class LogRedactorInstallation implements InitializingBean, DisposableBean {

        private static final Logger log = LoggerFactory.getLogger(RedactionConfiguration.class);

        private final Redactor redactor;

        LogRedactorInstallation(Redactor redactor) {
            this.redactor = redactor;
        }

        @Override
        public void afterPropertiesSet() {
            LogRedaction.install(redactor);
            // logged here, once the configured redactor serves the log
            GitleaksRules rules = redactor.gitleaksRules();
            if (rules.uncompilable() > 0) {
                log.warn("Redaction: {}", rules.summary());
            } else {
                log.info("Redaction: {}", rules.summary());
            }
        }

        @Override
        public void destroy() {
            LogRedaction.uninstall(redactor);
        }
    }
}
