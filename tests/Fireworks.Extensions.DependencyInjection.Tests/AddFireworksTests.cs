using System.Net;
using System.Text;
using Fireworks;
using Fireworks.Extensions.DependencyInjection;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;
using Microsoft.Extensions.Time.Testing;
using Xunit;

namespace Fireworks.Extensions.DependencyInjection.Tests;

public sealed class AddFireworksTests
{
    private const string Key = "fw-test-key-0123456789";

    [Fact]
    public async Task Resolved_client_sends_through_the_named_factory_client_asking_for_it_on_every_call()
    {
        var server = new RecordingHandler();
        var services = new ServiceCollection();
        services.AddFireworks(options =>
        {
            options.ApiKey = Key;
            options.AccountId = "acct";
            options.BaseUrl = new Uri("https://api.example.test");
        }).ConfigurePrimaryHttpMessageHandler(() => server);
        using var provider = services.BuildServiceProvider();
        var counting = new CountingFactory(provider.GetRequiredService<IHttpClientFactory>());
        var client = new FireworksClient(WithFactory(provider.GetRequiredService<IOptions<FireworksClientOptions>>().Value, counting));

        for (var i = 0; i < 3; i++)
        {
            var dataset = await client.Datasets.GetAsync("d1");
            Assert.Equal("accounts/acct/datasets/d1", dataset.Name);
        }

        Assert.Equal(3, server.Requests.Count);
        Assert.All(server.Requests, request => Assert.Equal("Bearer " + Key, request.Authorization));
        Assert.Equal("https://api.example.test/v1/accounts/acct/datasets/d1", server.Requests[0].Uri);
        Assert.True(counting.Created >= 3, $"the factory was asked {counting.Created} times for 3 calls");
        Assert.All(counting.Names, name => Assert.Equal(FireworksHttpClient.Name, name));
    }

    [Fact]
    public void The_singleton_is_configured_by_the_container_options()
    {
        var services = new ServiceCollection();
        services.AddFireworks(options =>
        {
            options.ApiKey = Key;
            options.AccountId = "acct";
        });
        using var provider = services.BuildServiceProvider();

        var client = provider.GetRequiredService<FireworksClient>();
        var options = provider.GetRequiredService<IOptions<FireworksClientOptions>>().Value;

        Assert.Same(client, provider.GetRequiredService<FireworksClient>());
        Assert.Equal("acct", client.AccountId);
        Assert.NotNull(options.HttpClientFactory);
        Assert.Null(options.HttpClient);
    }

    [Fact]
    public void Configuration_section_is_bound_over_the_defaults()
    {
        var configuration = new ConfigurationBuilder().AddInMemoryCollection(new Dictionary<string, string?>
        {
            ["Fireworks:ApiKey"] = Key,
            ["Fireworks:AccountId"] = "from-config",
            ["Fireworks:BaseUrl"] = "https://proxy.example.test",
            ["Fireworks:MaxRetries"] = "5",
            ["Fireworks:Timeout"] = "00:02:00",
            ["Fireworks:AttemptTimeout"] = "00:00:20",
            ["Fireworks:StreamIdleTimeout"] = "00:05:00",
            ["Fireworks:DefaultHeaders:X-Team"] = "rl",
        }).Build();
        var services = new ServiceCollection();
        services.AddFireworks(configuration.GetSection("Fireworks"), options => options.MaxRetries = 6);
        using var provider = services.BuildServiceProvider();

        var options = provider.GetRequiredService<IOptions<FireworksClientOptions>>().Value;

        Assert.Equal(Key, options.ApiKey);
        Assert.Equal("from-config", options.AccountId);
        Assert.Equal(new Uri("https://proxy.example.test"), options.BaseUrl);
        Assert.Equal(6, options.MaxRetries);
        Assert.Equal(TimeSpan.FromMinutes(2), options.Timeout);
        Assert.Equal(TimeSpan.FromSeconds(20), options.AttemptTimeout);
        Assert.Equal(TimeSpan.FromMinutes(5), options.StreamIdleTimeout);
        Assert.Equal("rl", options.DefaultHeaders["X-Team"]);
    }

    [Fact]
    public void A_misspelt_configuration_key_is_an_error_that_names_it()
    {
        var configuration = new ConfigurationBuilder().AddInMemoryCollection(new Dictionary<string, string?>
        {
            ["Fireworks:ApiKye"] = Key,
        }).Build();
        var services = new ServiceCollection();
        services.AddFireworks(configuration.GetSection("Fireworks"));
        using var provider = services.BuildServiceProvider();

        var error = Assert.Throws<InvalidOperationException>(() => provider.GetRequiredService<IOptions<FireworksClientOptions>>().Value);

        Assert.Contains("'Fireworks:ApiKye'", error.Message, StringComparison.Ordinal);
        Assert.DoesNotContain(Key, error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void A_malformed_value_names_its_key_but_not_the_value()
    {
        var configuration = new ConfigurationBuilder().AddInMemoryCollection(new Dictionary<string, string?>
        {
            ["Fireworks:Timeout"] = "sk-not-a-duration",
        }).Build();
        var services = new ServiceCollection();
        services.AddFireworks(configuration.GetSection("Fireworks"));
        using var provider = services.BuildServiceProvider();

        var error = Assert.Throws<InvalidOperationException>(() => provider.GetRequiredService<IOptions<FireworksClientOptions>>().Value);

        Assert.Contains("'Fireworks:Timeout'", error.Message, StringComparison.Ordinal);
        Assert.DoesNotContain("sk-not-a-duration", error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Logs_go_to_the_container_logger_factory_and_time_to_its_time_provider()
    {
        var server = new RecordingHandler();
        var logs = new CapturingLoggerProvider();
        var clock = new FakeTimeProvider(new DateTimeOffset(2026, 12, 5, 8, 0, 0, TimeSpan.Zero));
        var services = new ServiceCollection();
        services.AddLogging(logging => logging.AddProvider(logs).SetMinimumLevel(LogLevel.Trace));
        services.AddSingleton<TimeProvider>(clock);
        services.AddFireworks(options =>
        {
            options.ApiKey = Key;
            options.AccountId = "acct";
        }).ConfigurePrimaryHttpMessageHandler(() => server);
        using var provider = services.BuildServiceProvider();

        var options = provider.GetRequiredService<IOptions<FireworksClientOptions>>().Value;
        await provider.GetRequiredService<FireworksClient>().Datasets.GetAsync("d1");

        Assert.Same(clock, options.TimeProvider);
        Assert.Contains(logs.Categories, category => category.StartsWith("Fireworks", StringComparison.Ordinal));
        Assert.DoesNotContain(logs.Lines, line => line.Contains(Key, StringComparison.Ordinal));
    }

    [Fact]
    public void Caller_supplied_transport_is_kept()
    {
        var handler = new RecordingHandler();
        var services = new ServiceCollection();
        services.AddFireworks(options =>
        {
            options.ApiKey = Key;
            options.HttpMessageHandler = handler;
        });
        using var provider = services.BuildServiceProvider();

        var options = provider.GetRequiredService<IOptions<FireworksClientOptions>>().Value;

        Assert.Same(handler, options.HttpMessageHandler);
        Assert.Null(options.HttpClientFactory);
    }

    [Fact]
    public void Calling_AddFireworks_again_keeps_the_base_url_an_earlier_call_set()
    {
        // A library registering the SDK for itself after the application did must not send the key elsewhere.
        var services = new ServiceCollection();
        services.AddFireworks(options =>
        {
            options.ApiKey = Key;
            options.BaseUrl = new Uri("http://127.0.0.1:8765");
            options.InferenceBaseUrl = new Uri("http://127.0.0.1:8766");
        });
        services.AddFireworks();
        using var provider = services.BuildServiceProvider();

        var options = provider.GetRequiredService<IOptions<FireworksClientOptions>>().Value;

        Assert.Equal(new Uri("http://127.0.0.1:8765"), options.BaseUrl);
        Assert.Equal(new Uri("http://127.0.0.1:8766"), options.InferenceBaseUrl);
        Assert.Equal(Key, options.ApiKey);
    }

    [Fact]
    public void Options_configured_before_AddFireworks_keep_their_base_url()
    {
        var services = new ServiceCollection();
        services.Configure<FireworksClientOptions>(options => options.BaseUrl = new Uri("http://127.0.0.1:8765"));
        services.AddFireworks(options => options.ApiKey = Key);
        using var provider = services.BuildServiceProvider();

        Assert.Equal(new Uri("http://127.0.0.1:8765"), provider.GetRequiredService<IOptions<FireworksClientOptions>>().Value.BaseUrl);
    }

    [Theory]
    [InlineData("BaseUrl", "ftp://files.example.test")]
    [InlineData("BaseUrl", "/srv/fireworks")]
    [InlineData("InferenceBaseUrl", "file:///tmp/x")]
    public void A_base_url_that_is_not_http_or_https_names_its_configuration_key(string key, string value)
    {
        var configuration = new ConfigurationBuilder().AddInMemoryCollection(new Dictionary<string, string?>
        {
            ["Fireworks:" + key] = value,
        }).Build();
        var services = new ServiceCollection();
        services.AddFireworks(configuration.GetSection("Fireworks"));
        using var provider = services.BuildServiceProvider();

        var error = Assert.Throws<InvalidOperationException>(() => provider.GetRequiredService<IOptions<FireworksClientOptions>>().Value);

        Assert.Contains($"'Fireworks:{key}'", error.Message, StringComparison.Ordinal);
        Assert.Contains("http", error.Message, StringComparison.Ordinal);
    }

    private static FireworksClientOptions WithFactory(FireworksClientOptions options, CountingFactory factory) => new()
    {
        ApiKey = options.ApiKey,
        AccountId = options.AccountId,
        BaseUrl = options.BaseUrl,
        HttpClientFactory = () => factory.CreateClient(FireworksHttpClient.Name),
    };

    private sealed class CountingFactory(IHttpClientFactory inner) : IHttpClientFactory
    {
        public int Created { get; private set; }

        public List<string> Names { get; } = [];

        public HttpClient CreateClient(string name)
        {
            Created++;
            Names.Add(name);
            return inner.CreateClient(name);
        }
    }

    private sealed class RecordingHandler : HttpMessageHandler
    {
        public List<(string Uri, string? Authorization)> Requests { get; } = [];

        protected override Task<HttpResponseMessage> SendAsync(HttpRequestMessage request, CancellationToken cancellationToken)
        {
            lock (Requests)
            {
                Requests.Add((request.RequestUri!.AbsoluteUri, request.Headers.Authorization?.ToString()));
            }

            var name = request.RequestUri!.AbsolutePath["/v1/".Length..];
            return Task.FromResult(new HttpResponseMessage(HttpStatusCode.OK)
            {
                Content = new StringContent($$"""{"name":"{{name}}"}""", Encoding.UTF8, "application/json"),
            });
        }
    }

    private sealed class CapturingLoggerProvider : ILoggerProvider
    {
        public List<string> Categories { get; } = [];

        public List<string> Lines { get; } = [];

        public ILogger CreateLogger(string categoryName)
        {
            lock (Categories)
            {
                Categories.Add(categoryName);
            }

            return new Logger(this);
        }

        public void Dispose()
        {
        }

        private sealed class Logger(CapturingLoggerProvider owner) : ILogger
        {
            public IDisposable? BeginScope<TState>(TState state)
                where TState : notnull => null;

            public bool IsEnabled(LogLevel logLevel) => true;

            public void Log<TState>(LogLevel logLevel, EventId eventId, TState state, Exception? exception, Func<TState, Exception?, string> formatter)
            {
                lock (owner.Lines)
                {
                    owner.Lines.Add(formatter(state, exception) + " " + exception);
                }
            }
        }
    }
}
