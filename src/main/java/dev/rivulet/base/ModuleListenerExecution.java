package dev.rivulet.base;

import java.time.Duration;
import java.util.concurrent.Executor;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.scheduling.annotation.AsyncConfigurer;
import org.springframework.scheduling.annotation.EnableAsync;

/**
 * {@code @Async}, and so {@code @ApplicationModuleListener}, runs on {@link ModuleListenerTasks}: its
 * own virtual threads, drained at shutdown. Spring MVC's asynchronous requests keep Boot's executor.
 */
@Configuration(proxyBeanMethods = false)
@EnableAsync
class ModuleListenerExecution {

    /** How long a shutdown waits for listeners still running once the answers have ended. */
    static final Duration DRAIN_TIMEOUT = Duration.ofSeconds(10);

    @Bean
    ModuleListenerTasks moduleListenerTasks() {
        return new ModuleListenerTasks(DRAIN_TIMEOUT);
    }

    @Bean
    AsyncConfigurer moduleListenerAsyncConfigurer(ModuleListenerTasks tasks) {
        Executor executor = tasks.executor();
        return new AsyncConfigurer() {
            @Override
            public Executor getAsyncExecutor() {
                return executor;
            }
        };
    }
}
