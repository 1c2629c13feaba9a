# syntax=docker/dockerfile:1
# Multi-stage build: a JDK stage builds the shaded jar, a JRE stage runs it as a non-root user.
# Works with a read-only root filesystem: everything the service writes lives on the /data volume
# (store, snapshots) or in /tmp (native libraries extracted by RocksDB/DuckDB), which is mounted as tmpfs:
#   docker run --read-only --tmpfs /tmp -v pa-data:/data -v /path/to/events:/events:ro -p 8080:8080 player-attributes

FROM eclipse-temurin:17-jdk AS build
WORKDIR /src
COPY .mvn/ .mvn/
COPY mvnw pom.xml ./
COPY app/pom.xml app/pom.xml
COPY spark/pom.xml spark/pom.xml
RUN ./mvnw -q -B -pl app dependency:go-offline
COPY app/src app/src
RUN ./mvnw -q -B -pl app -DskipTests package

FROM eclipse-temurin:17-jre
RUN apt-get update && apt-get install -y --no-install-recommends curl && rm -rf /var/lib/apt/lists/* \
    && useradd --system --uid 10001 --home-dir /data --shell /usr/sbin/nologin playerattr \
    && mkdir -p /data && chown playerattr /data
COPY --from=build /src/app/target/player-attributes.jar /opt/player-attributes/player-attributes.jar
USER 10001
VOLUME ["/data"]
EXPOSE 8080
ENV JAVA_TOOL_OPTIONS="-XX:MaxRAMPercentage=50 -XX:+ExitOnOutOfMemoryError"
HEALTHCHECK --interval=15s --timeout=3s --start-period=30s --retries=3 \
    CMD curl -fsS http://127.0.0.1:8080/readyz || exit 1
ENTRYPOINT ["java", "-jar", "/opt/player-attributes/player-attributes.jar"]
# Inside a container the API must listen on all interfaces to be reachable through the published port.
CMD ["serve", "--store", "/data/store", "--all-interfaces", "--port", "8080"]
