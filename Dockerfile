# syntax=docker/dockerfile:1
# Rivulet as a container image: the production jar, unpacked in Spring Boot's layers, run by a non-root
# user. Build from the repository root:  docker build -t rivulet .   (docs/deploy.md)

# ---- build: the production jar (Vaadin's prebuilt bundle, no npm) ---------------------------------------
FROM maven:3.9-eclipse-temurin-25 AS build
WORKDIR /src
COPY pom.xml ./
COPY src ./src
COPY frontend ./frontend
RUN --mount=type=cache,target=/root/.m2 mvn -B -Pproduction -Dmaven.test.skip=true package

# ---- extract: one directory per layer (dependencies change less often than the application) ------------
FROM eclipse-temurin:25-jre AS extract
WORKDIR /extract
COPY --from=build /src/target/rivulet.jar rivulet.jar
RUN java -Djarmode=tools -jar rivulet.jar extract --layers --launcher --destination layers

# ---- runtime ----------------------------------------------------------------------------------------------
FROM eclipse-temurin:25-jre
# curl for the health check only (the Temurin image has neither curl nor wget).
RUN apt-get update \
    && apt-get install -y --no-install-recommends curl \
    && rm -rf /var/lib/apt/lists/* \
    && groupadd --system --gid 10001 rivulet \
    && useradd --system --uid 10001 --gid rivulet --home-dir /app --shell /usr/sbin/nologin rivulet \
    && mkdir -p /app/data \
    && chown rivulet:rivulet /app/data
WORKDIR /app
# Least changing first, so a rebuild after a code change replaces only the last layer.
COPY --from=extract /extract/layers/dependencies/ ./
COPY --from=extract /extract/layers/spring-boot-loader/ ./
COPY --from=extract /extract/layers/snapshot-dependencies/ ./
COPY --from=extract /extract/layers/application/ ./
USER rivulet:rivulet

# The default H2 file database (jdbc:h2:file:./data/rivulet) lives here; with PostgreSQL it stays empty.
# An operator's application.yml can be mounted as /app/application.yml (read from the working directory).
VOLUME /app/data
EXPOSE 8080

ENV JAVA_TOOL_OPTIONS="-XX:MaxRAMPercentage=75 -XX:+ExitOnOutOfMemoryError"
# Liveness: is the process able to work at all. Readiness (what a load balancer asks, also UP only with
# the database) is in compose.yaml. /actuator/health/** is open without a login.
HEALTHCHECK --interval=15s --timeout=3s --start-period=90s --retries=3 \
    CMD curl -fsS -o /dev/null http://localhost:8080/actuator/health/liveness || exit 1

# exec form: java is PID 1 and gets SIGTERM itself (docker stop), so the app drains its answers
# (rivulet.runs.shutdown-grace, 30 s): give docker stop longer than that (compose.yaml: stop_grace_period).
ENTRYPOINT ["java", "org.springframework.boot.loader.launch.JarLauncher"]
