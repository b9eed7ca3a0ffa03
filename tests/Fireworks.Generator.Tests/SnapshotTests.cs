using Snapshooter;
using Snapshooter.Xunit;
using Xunit;

namespace Fireworks.Generator.Tests;

/// <summary>
/// Snapshots of generated source for a curated set of schemas and operations. A spec or template change shows up
/// here as a diff to review; never re-accept a snapshot without reading it.
/// </summary>
public sealed class SnapshotTests
{
    [Theory]
    [InlineData("Fireworks.Models.RlorTrainerJob.g.cs")]                      // the RLOR trainer job resource
    [InlineData("Fireworks.Serialization.RlorTrainerJobJsonConverter.g.cs")] // its reflection-free converter
    [InlineData("Fireworks.Models.JobState.g.cs")]                            // the job-state enum
    [InlineData("Fireworks.Models.Code.g.cs")]                                // the google.rpc code enum
    [InlineData("Fireworks.RlorTrainerJobsClient.g.cs")]                      // the client, with the :resume custom method
    [InlineData("Fireworks.TrainingSessionsClient.Wait.g.cs")]                // a wait on a nested resource: each id read at its own level of the name
    [InlineData("Fireworks.Models.UpdateDeploymentRequest.g.cs")]             // an inline PATCH body, with its update mask
    [InlineData("Fireworks.Models.ProtobufAny.g.cs")]                         // protobufAny: @type + extension data
    [InlineData("Fireworks.Serialization.ProtobufAnyJsonConverter.g.cs")]
    [InlineData("Fireworks.Models.GetDatasetUploadEndpointBody.g.cs")]        // a map<string, int64> property
    [InlineData("Fireworks.Serialization.GetDatasetUploadEndpointBodyJsonConverter.g.cs")]
    [InlineData("Fireworks.Serialization.UndeleteDeploymentBodyJsonConverter.g.cs")] // a message without fields: unknown properties only
    public void Generated_source_matches_the_reviewed_snapshot(string hintName)
    {
        var source = GeneratorHarness.Real.Source(hintName);
        ReviewedSnapshot.Match(source, hintName);
    }
}
