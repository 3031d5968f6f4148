package dev.kolejka.system;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import java.io.File;
import java.io.IOException;
import java.nio.file.Files;
import java.net.URI;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.util.List;
import java.util.logging.Level;

import dev.kolejka.loadgen.LoadReport;
import dev.kolejka.loadgen.LoadRun;
import dev.kolejka.loadgen.LoadSpec;
import dev.kolejka.loadgen.Workload;
import dev.kolejka.testing.ApiClient;
import dev.kolejka.testing.TestKeys;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.MethodOrderer;
import org.junit.jupiter.api.Order;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;
import org.junit.jupiter.api.TestMethodOrder;
import org.openqa.selenium.By;
import org.openqa.selenium.JavascriptExecutor;
import org.openqa.selenium.OutputType;
import org.openqa.selenium.WebElement;
import org.openqa.selenium.chrome.ChromeDriver;
import org.openqa.selenium.chrome.ChromeDriverService;
import org.openqa.selenium.chrome.ChromeOptions;
import org.openqa.selenium.logging.LogEntry;
import org.openqa.selenium.logging.LogType;
import org.openqa.selenium.logging.LoggingPreferences;
import org.openqa.selenium.support.ui.Select;

/**
 * The built-in dashboard in headless Chromium (Debian's {@code chromium} and
 * {@code chromium-driver}) against a real API and two workers: it asks for the key, shows
 * the fleet, runs a load run from its form and streams a batch. Screenshots land in
 * {@code target/screenshots/}. The same stack also takes a load generator run directly.
 */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
@TestMethodOrder(MethodOrderer.OrderAnnotation.class)
class DashboardBrowserIT {

	private static final Path SCREENSHOTS = Path.of("target", "screenshots");

	// a loaded CI machine can take long to drain a run: the report waits up to a minute
	private final Stack stack = new Stack(DashboardBrowserIT.class, "kolejka.api.load-runs.drain=60s");

	private ChromeDriver driver;

	private String base;

	@BeforeAll
	void start() {
		this.stack.start(2);
		this.base = "http://127.0.0.1:" + this.stack.api().getEnvironment().getRequiredProperty("local.server.port");
		var logs = new LoggingPreferences();
		logs.enable(LogType.BROWSER, Level.ALL);
		var options = new ChromeOptions().setBinary("/usr/bin/chromium")
			.addArguments("--headless=new", "--no-sandbox", "--disable-dev-shm-usage", "--window-size=1400,2400");
		options.setCapability("goog:loggingPrefs", logs);
		var service = new ChromeDriverService.Builder().usingDriverExecutable(new File("/usr/bin/chromedriver"))
			.build();
		this.driver = new ChromeDriver(service, options);
	}

	@AfterAll
	void stop() {
		if (this.driver != null) {
			this.driver.quit();
		}
		this.stack.close();
	}

	@Test
	@Order(1)
	void pageAsksForTheKeyThenShowsBothWorkersWithoutConsoleErrors() throws IOException {
		this.driver.get(this.base + "/");

		WebElement dialog = this.driver.findElement(By.id("key-dialog"));
		await().atMost(Duration.ofSeconds(10)).until(() -> dialog.getDomAttribute("open") != null);
		screenshot("01-asks-for-key.png");
		this.driver.findElement(By.id("api-key")).sendKeys(TestKeys.ADMIN);
		this.driver.findElement(By.id("key-save")).click();

		await().atMost(Duration.ofSeconds(30))
			.untilAsserted(
					() -> assertThat(this.driver.findElements(By.cssSelector("#workers tbody tr.up"))).hasSize(2));
		assertThat(this.driver.executeScript("return sessionStorage.getItem('kolejka.apiKey')"))
			.isEqualTo(TestKeys.ADMIN);
		assertThat(this.driver.findElement(By.id("tile-workers")).getText()).isEqualTo("2 / 2");
		await().atMost(Duration.ofSeconds(10))
			.untilAsserted(() -> assertThat(this.driver.findElement(By.id("connection")).getDomAttribute("class"))
				.isEqualTo("dot ok"));
		screenshot("02-fleet.png");
		assertNoSevereConsoleEntries();
	}

	@Test
	@Order(2)
	void loadRunFromTheFormDrawsCompletionsAndShowsItsReport() throws IOException {
		// the form's task list is filled from GET /tasks after the page loads
		await().atMost(Duration.ofSeconds(10))
			.until(() -> !this.driver.findElements(By.cssSelector("#load-task option[value='noop']")).isEmpty());
		new Select(this.driver.findElement(By.id("load-task"))).selectByValue("noop");
		type("load-rate", "200");
		type("load-duration", "4s");

		this.driver.findElement(By.id("load-start")).click();

		WebElement chart = this.driver.findElement(By.id("chart-load"));
		await().atMost(Duration.ofSeconds(60))
			.untilAsserted(() -> assertThat(Double.parseDouble(dataset(chart, "max-2"))).isPositive());
		WebElement report = this.driver.findElement(By.id("load-report"));
		await().atMost(Duration.ofSeconds(90)).until(report::isDisplayed);
		assertThat(report.getText()).contains("\"completionLatencyMs\"", "\"achievedRate\"", "\"targetRate\": 200");
		assertThat(this.driver.findElement(By.id("load-status")).getDomAttribute("data-state")).isEqualTo("FINISHED");
		screenshot("03-load-run.png");
		var runs = this.stack.client().get("/api/v1/load-runs").json();
		assertThat(runs.get(0).get("report").get("completed").asLong()).as("report %s", runs.get(0).get("report"))
			.isEqualTo(800);
		assertThat(runs.get(0).get("report").get("errors").isEmpty()).isTrue();
		assertNoSevereConsoleEntries();
	}

	@Test
	@Order(3)
	void batchViewStreamsResultsAsTheyComeIn() throws IOException {
		type("batch-task", "sleep");
		type("batch-args", "{\"ms\":50}");
		type("batch-items", "12");

		this.driver.findElement(By.id("batch-start")).click();

		WebElement status = this.driver.findElement(By.id("batch-status"));
		await().atMost(Duration.ofSeconds(60))
			.untilAsserted(() -> assertThat(status.getDomAttribute("data-state")).isEqualTo("done"));
		List<WebElement> rows = this.driver.findElements(By.cssSelector("#batch-results tbody tr"));
		assertThat(rows).hasSize(12);
		assertThat(rows).allSatisfy((row) -> assertThat(row.getText()).contains("SUCCEEDED"));
		screenshot("04-batch-stream.png");
		assertNoSevereConsoleEntries();
	}

	@Test
	@Order(4)
	void aSecondLoadRunWhileOneIsGoingIsAConflictAndARunCanBeStopped() {
		ApiClient api = this.stack.client();
		String body = "{\"task\":\"noop\",\"rate\":5,\"duration\":\"5m\"}";
		var first = api.post("/api/v1/load-runs", body);
		assertThat(first.status()).as(first.body()).isEqualTo(202);
		String id = first.json().get("id").asString();

		var second = api.post("/api/v1/load-runs", body);
		var stopped = api.delete("/api/v1/load-runs/" + id);

		assertThat(second.status()).isEqualTo(409);
		assertThat(second.contentType()).hasValueSatisfying((type) -> assertThat(type).contains("problem+json"));
		assertThat(second.json().get("type").asString()).endsWith("/load-run-in-progress");
		assertThat(stopped.status()).isEqualTo(200);
		await().atMost(Duration.ofSeconds(30))
			.untilAsserted(() -> assertThat(api.get("/api/v1/load-runs/" + id).json().get("state").asString())
				.isEqualTo("STOPPED"));
	}

	@Test
	@Order(5)
	void loadGeneratorCountsEveryJobOfARunAgainstTheRealApi() throws InterruptedException {
		var single = new LoadSpec(URI.create(this.base), List.of(Workload.of("noop", "{}", null)), 100,
				Duration.ofSeconds(2), 1, 64, Duration.ofSeconds(60), TestKeys.ADMIN);
		var batched = new LoadSpec(URI.create(this.base),
				List.of(Workload.of("word-lengths", "{\"text\":\"How I wish\"}", null)), 400, Duration.ofSeconds(2), 20,
				64, Duration.ofSeconds(60), TestKeys.ADMIN);

		LoadReport singles = run(single);
		LoadReport batches = run(batched);

		assertThat(singles.submitted()).isEqualTo(200);
		assertThat(singles.completed()).as("completed; errors %s", singles.errors()).isEqualTo(200);
		assertThat(singles.errors()).isEmpty();
		assertThat(singles.completionLatencyMs().count()).isEqualTo(200);
		assertThat(singles.completionLatencyMs().p50()).isGreaterThanOrEqualTo(singles.acceptLatencyMs().p50());
		assertThat(batches.submitted()).isEqualTo(800);
		assertThat(batches.accepted()).as("accepted; errors %s", batches.errors()).isEqualTo(800);
		assertThat(batches.completed()).as("completed; errors %s", batches.errors()).isEqualTo(800);
		assertThat(batches.unfinished()).isZero();
	}

	private static LoadReport run(LoadSpec spec) throws InterruptedException {
		try (var run = new LoadRun(spec, Clock.systemUTC())) {
			return run.start().awaitReport(Duration.ofSeconds(120)).orElseThrow();
		}
	}

	private void type(String id, String text) {
		WebElement field = this.driver.findElement(By.id(id));
		field.clear();
		field.sendKeys(text);
	}

	private String dataset(WebElement element, String key) {
		Object value = ((JavascriptExecutor) this.driver).executeScript("return arguments[0].dataset[arguments[1]]",
				element, key);
		return (value != null) ? value.toString() : "0";
	}

	private void screenshot(String name) throws IOException {
		Files.createDirectories(SCREENSHOTS);
		Files.write(SCREENSHOTS.resolve(name), this.driver.getScreenshotAs(OutputType.BYTES));
	}

	private void assertNoSevereConsoleEntries() {
		List<LogEntry> entries = this.driver.manage().logs().get(LogType.BROWSER).getAll();
		assertThat(entries).filteredOn((entry) -> entry.getLevel().intValue() >= Level.SEVERE.intValue()).isEmpty();
	}

}
