using System;
using System.Collections.Concurrent;
using System.Linq;
using Fireworks.Generator.Pipeline;
using Fireworks.OpenApi.Diagnostics;
using Scriban;
using Scriban.Runtime;
using Scriban.Parsing;
using Scriban.Syntax;

namespace Fireworks.Generator.Rendering;

/// <summary>Renders a Scriban template over an item; template problems become FWG006/FWG007 diagnostics.</summary>
internal static class TemplateRenderer
{
    // Parsing is memoised by template text (not a pipeline value): hundreds of items share one template.
    private static readonly ConcurrentDictionary<string, Template> Parsed = new(StringComparer.Ordinal);

    // Scriban's built-in functions (string.replace, array.size …), made once: a context would otherwise build and
    // clone its own set. Templates only read them (their assignments go to the context's own top global).
    private static readonly ScriptObject Builtins = new TemplateContext().BuiltinObject;

    // One context per thread, reset after each render (Scriban's way to reuse one): its output buffer, global stack and
    // member-accessor cache are made once instead of for each of the ~740 files of a build.
    [ThreadStatic]
    private static RenderContext? _context;

    public static RenderedSource Render(InputFile? template, string templateName, string hintName, object item)
    {
        if (template is null)
        {
            return new RenderedSource(hintName, "", new SpecDiagnostic(
                SpecDiagnostics.MissingTemplateId, SpecSeverity.Error, "Missing template",
                $"No template '{templateName}.scriban' is among the AdditionalFiles, so '{hintName}' is not generated; add templates/{templateName}.scriban (Directory.Build.targets adds templates/*.scriban)",
                SpecLocation.None(templateName + ".scriban")));
        }

        var parsed = Parsed.GetOrAdd(template.Text, text => Template.Parse(text, template.Path));
        if (parsed.HasErrors)
        {
            var first = parsed.Messages.First();
            return new RenderedSource(hintName, "", Problem(template, first.Span, $"Template does not parse: {first.Message}"));
        }

        var context = _context ??= new RenderContext(Builtins)
        {
            MemberRenamer = member => member.Name,
            StrictVariables = true,
            LoopLimit = int.MaxValue,
            RecursiveLimit = 64,
            AutoIndent = false,
        };
        try
        {
            context.PushGlobal(new ItemGlobals(item));
            context.PushGlobal(new ScriptObject());
            var text = parsed.Render(context);
            return new RenderedSource(hintName, text, null);
        }
        catch (ScriptRuntimeException ex)
        {
            return new RenderedSource(hintName, "", Problem(template, ex.Span, $"Rendering '{hintName}' failed: {ex.OriginalMessage}"));
        }
        catch (Exception ex)
        {
            return new RenderedSource(hintName, "", Problem(template, default, $"Rendering '{hintName}' failed: {ex.GetType().Name}: {ex.Message}"));
        }
        finally
        {
            context.Reset();
        }
    }

    private static SpecDiagnostic Problem(InputFile template, SourceSpan span, string message)
    {
        var location = new SpecLocation(template.Path, span.Start.Line + 1, span.Start.Column + 1, Math.Max(0, span.Start.Offset), Math.Max(0, span.End.Offset - span.Start.Offset));
        return new SpecDiagnostic(SpecDiagnostics.TemplateProblemId, SpecSeverity.Error, "Template problem", message, location);
    }
}
