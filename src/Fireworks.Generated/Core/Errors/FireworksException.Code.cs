namespace Fireworks;

public partial class FireworksException
{
    /// <summary>
    /// The google.rpc code as the generated <see cref="Models.Code"/> (<c>Code.NotFound</c>); a number this SDK version
    /// does not know gives a value that is not <see cref="Models.Code.IsKnown"/>, whose wire form is the number.
    /// </summary>
    public Models.Code Code => Models.Code.FromNumber(StatusCode);
}
