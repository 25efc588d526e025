package dev.posmon.alerting;

import dev.posmon.testing.PostgresTestResource;
import org.flywaydb.core.Flyway;
import org.postgresql.ds.PGSimpleDataSource;

/** The tests' database (the real PostgreSQL's {@code posmon_test}) with alerting's migrations applied, for plain-JDBC ITs. */
public final class TestDatabase {

    private TestDatabase() {}

    public static PGSimpleDataSource migrated() {
        PostgresTestResource.ensureDatabase();
        PGSimpleDataSource dataSource = new PGSimpleDataSource();
        dataSource.setURL(PostgresTestResource.jdbcUrl());
        dataSource.setUser("postgres");
        Flyway.configure()
                .dataSource(dataSource)
                .locations("classpath:db/migration")
                .load()
                .migrate();
        return dataSource;
    }
}
