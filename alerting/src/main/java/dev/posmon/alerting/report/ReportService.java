package dev.posmon.alerting.report;

import dev.posmon.contract.i18n.Language;
import io.quarkus.scheduler.Scheduled;
import jakarta.enterprise.context.ApplicationScoped;
import java.time.Clock;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import javax.sql.DataSource;
import org.jboss.logging.Logger;

/**
 * The edge of the weekly report in the service: reads alerting's tables through {@link ReportSource} (JDBC on
 * the service's datasource, on worker threads), builds with {@link ReportBuilder}, renders, and keeps the
 * published reports in {@code weekly_report}. Every Monday (posmon.report.cron) last week's report is generated
 * and stored, for every acquirer together and for each acquirer with traffic that week, in each language; a request
 * for a week not stored yet generates it, and stores it if the week has ended.
 */
@ApplicationScoped
public class ReportService {

    private static final Logger LOG = Logger.getLogger(ReportService.class);

    /** A report with its JSON and HTML as published. */
    public record Published(WeeklyReport report, String json, String html) {}

    private final ReportConfig config;
    private final ReportSource source;
    private final ReportStore store;
    private final Clock clock;

    public ReportService(ReportConfig config, DataSource dataSource, Clock clock) {
        this.config = config;
        this.clock = clock;
        this.source = new ReportSource(dataSource::getConnection);
        this.store = new ReportStore(dataSource::getConnection);
    }

    /**
     * The stored report of a week in a language, of {@code acquirer} (null: of every acquirer), else one generated now
     * (stored if the week has ended).
     */
    public Published report(IsoWeek week, Language language, String acquirer) {
        return store.find(week, config.zone().getId(), language, acquirer)
                .map(stored -> new Published(ReportJson.read(stored.json()), stored.json(), stored.html()))
                .orElseGet(() -> generate(week, false, language, acquirer));
    }

    /**
     * Generates a week's report in a language from the current data; stores it if the week has ended, or if
     * {@code force}.
     */
    public Published generate(IsoWeek week, boolean force, Language language, String acquirer) {
        WeeklyReport report =
                new ReportBuilder(config.settings(), clock, language).build(week, config.zone(), source.of(acquirer));
        String json = ReportJson.write(report);
        String html = ReportHtml.render(report, language);
        if (force || report.complete()) {
            store.save(report, language, json, html);
        }
        return new Published(report, json, html);
    }

    /** The language of a request without {@code lang} or Accept-Language. */
    public Language defaultLanguage() {
        return Language.of(config.language())
                .orElseThrow(() -> new IllegalStateException("posmon.report.language must be one of "
                        + Language.supported() + ", not " + config.language()));
    }

    @Scheduled(
            identity = "weekly-report",
            cron = "{posmon.report.cron}",
            timeZone = "{posmon.report.zone}",
            concurrentExecution = Scheduled.ConcurrentExecution.SKIP)
    public void generateLastWeek() {
        IsoWeek last = lastWeek();
        List<String> acquirers = new ArrayList<>();
        acquirers.add(null);
        acquirers.addAll(source.acquirers(
                last.start(config.zone()).toInstant().minus(Duration.ofHours(1)),
                last.end(config.zone()).toInstant()));
        for (String acquirer : acquirers) {
            for (Language language : Language.values()) {
                Published published = generate(last, true, language, acquirer);
                LOG.infof(
                        "weekly report %s (%s, %s, %s) generated and stored: %s",
                        last,
                        config.zone(),
                        language.tag(),
                        acquirer == null ? "every acquirer" : acquirer,
                        published.report().headlines().get(0));
            }
        }
    }

    public IsoWeek lastWeek() {
        return currentWeek().previous();
    }

    public IsoWeek currentWeek() {
        return IsoWeek.containing(clock.instant(), config.zone());
    }

    public String zone() {
        return config.zone().getId();
    }

    public List<ReportStore.Entry> stored() {
        return store.list();
    }
}
