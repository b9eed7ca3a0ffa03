using Fireworks.Aip;
using Fireworks.Filtering;
using Fireworks.Models;
using Xunit;

namespace Fireworks.Generated.Tests.Generated;

/// <summary>The generated typed AIP-160 fields, used the way the README shows.</summary>
public sealed class FilterFieldTests
{
    [Fact]
    public void The_documented_deployment_shape_versions_filter_prints_exactly()
    {
        Filter filter = Filter.Where(DeploymentShapeVersionFields.Snapshot.BaseModel == "accounts/fireworks/models/x")
            & Filter.Where(DeploymentShapeVersionFields.LatestValidated == true);
        Assert.Equal("snapshot.base_model=\"accounts/fireworks/models/x\" AND latest_validated=true", filter.ToString());
    }

    [Fact]
    public void Enum_fields_print_wire_names_and_the_declarations_know_every_real_member()
    {
        Assert.Equal("state=READY", Filter.Where(DeploymentFields.State == DeploymentState.Ready).ToString());
        DeploymentFields.Declarations.Validate("state=READY AND min_replica_count>1");
        Assert.ThrowsAny<Exception>(() => DeploymentFields.Declarations.Validate("state=ARCHIVED"));
        Assert.ThrowsAny<Exception>(() => DeploymentFields.Declarations.Validate("no_such_field=1"));
    }

    [Fact]
    public void Durations_marked_in_the_overlay_compare_as_durations()
    {
        var filter = Filter.Where(DeploymentFields.AutoscalingPolicy.ScaleUpWindow > TimeSpan.FromSeconds(30));
        Assert.Equal("autoscaling_policy.scale_up_window>30s", filter.ToString());
    }

    [Fact]
    public void Field_masks_from_typed_paths_are_snake_case()
    {
        string mask = FieldMask.Of(DeploymentFields.DisplayName, DeploymentFields.MinReplicaCount);
        Assert.Equal("display_name,min_replica_count", mask);
    }
}
