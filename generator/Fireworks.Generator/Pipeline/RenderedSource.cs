using Fireworks.OpenApi.Diagnostics;

namespace Fireworks.Generator.Pipeline;

/// <summary>A rendered source file, or the diagnostic that explains why it could not be rendered.</summary>
internal sealed record RenderedSource(string HintName, string Text, SpecDiagnostic? Problem);
