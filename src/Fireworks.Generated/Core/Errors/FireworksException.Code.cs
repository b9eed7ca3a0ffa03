namespace Fireworks;

public partial class FireworksException
{
    /// <summary>
    /// The google.rpc code as the generated <see cref="Models.Code"/> enum (its values are the google.rpc numbers),
    /// or <see cref="Models.Code.Unrecognized"/> for a number this SDK version does not know.
    /// </summary>
    public Models.Code Code => Enum.IsDefined((Models.Code)StatusCode) ? (Models.Code)StatusCode : Models.Code.Unrecognized;
}
