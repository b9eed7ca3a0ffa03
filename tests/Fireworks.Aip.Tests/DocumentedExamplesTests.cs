using Fireworks.Aip.Tests.Generated;

namespace Fireworks.Aip.Tests;

/// <summary>The filters documented by Fireworks print exactly as documented.</summary>
public class DocumentedExamplesTests
{
    [Fact]
    public void DeploymentShapeVersionsExampleBuildsAsDocumented()
    {
        var filter = Filter.Where(DeploymentShapeVersionFields.Snapshot.BaseModel == "accounts/fireworks/models/X")
            & Filter.Where(DeploymentShapeVersionFields.LatestValidated == true);

        Assert.Equal("snapshot.base_model=\"accounts/fireworks/models/X\" AND latest_validated=true", filter.ToString());
    }

    [Fact]
    public void WhereWithSeveralConditionsIsTheSameAnd()
    {
        var filter = Filter.Where(
            DeploymentShapeVersionFields.Snapshot.BaseModel == "accounts/fireworks/models/gpt-oss-120b",
            DeploymentShapeVersionFields.LatestValidated == true);

        Assert.Equal("snapshot.base_model=\"accounts/fireworks/models/gpt-oss-120b\" AND latest_validated=true", (string)filter);
    }

    [Fact]
    public void SupportsServerlessExamplePrintsAsDocumented()
    {
        var supportsServerless = new BoolFilterField("supports_serverless");
        Assert.Equal("supports_serverless=true", (supportsServerless == true).ToString());
    }

    [Fact]
    public void StateReadyExamplePrintsTheWireNameBare()
    {
        Assert.Equal("state=READY", (DeploymentFields.State == TestDeploymentState.Ready).ToString());
    }

    [Theory]
    [InlineData("snapshot.base_model=\"accounts/fireworks/models/X\" AND latest_validated=true")]
    [InlineData("supports_serverless=true")]
    [InlineData("state=READY")]
    [InlineData("snapshot.base_model=\"accounts/fireworks/models/MODEL_NAME\"")]
    [InlineData("latest_validated=true")]
    public void DocumentedRawFiltersAreAlreadyCanonical(string documented)
    {
        Assert.Equal(documented, Filter.Parse(documented).ToString());
    }

    [Fact]
    public void DocumentedFilterValidatesAgainstTheGeneratedDeclarations()
    {
        var filter = DeploymentShapeVersionFields.Declarations.Validate(
            "snapshot.base_model=\"accounts/fireworks/models/gpt-oss-120b\" AND latest_validated=true");

        Assert.Equal("AND([snapshot.base_model = str<accounts/fireworks/models/gpt-oss-120b>], [latest_validated = bool<true>])", Ast.Dump(filter.Expression!));
    }

    [Fact]
    public void DocumentedOrderByRoundTrips()
    {
        var orderBy = OrderBy.Descending(DeploymentShapeVersionFields.CreateTime);
        Assert.Equal("create_time desc", orderBy.ToString());
        Assert.Equal(orderBy, DeploymentShapeVersionFields.Declarations.ValidateOrderBy("create_time desc"));
    }

    [Fact]
    public void DocumentedRequestEncodesToTheDocumentedQuery()
    {
        // The docs' curl example, with the filter built by the typed API (URL encoding per RFC 3986).
        string filter = DeploymentShapeVersionFields.Snapshot.BaseModel == "accounts/fireworks/models/gpt-oss-120b"
            & DeploymentShapeVersionFields.LatestValidated == true;

        Assert.Equal(
            "snapshot.base_model%3D%22accounts%2Ffireworks%2Fmodels%2Fgpt-oss-120b%22%20AND%20latest_validated%3Dtrue",
            Uri.EscapeDataString(filter));
    }
}
