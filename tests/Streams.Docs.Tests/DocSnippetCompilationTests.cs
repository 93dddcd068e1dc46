using System.Collections.Immutable;
using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.CSharp;
using Microsoft.CodeAnalysis.CSharp.Syntax;

namespace Streams.Docs.Tests;

/// <summary>
/// Every C# snippet of README.md and docs/ compiles against the Streams libraries (see <see cref="DocSnippet"/> for what a
/// snippet is), with nullable warnings and every other compiler warning an error, as in the repository's own build.
/// </summary>
public class DocSnippetCompilationTests
{
    // The usings a new console project gets from the SDK (ImplicitUsings); the Streams ones must be in the snippet.
    private const string ImplicitUsings = """
        global using System;
        global using System.Collections.Generic;
        global using System.IO;
        global using System.Linq;
        global using System.Net.Http;
        global using System.Threading;
        global using System.Threading.Tasks;
        """;

    // Warnings a reader's copy would not care about: an example may declare what it does not use.
    private static readonly ImmutableHashSet<string> Ignored = ["CS0168", "CS0219", "CS8321", "CS1998", "CS0162", "CS4014"];

    private static readonly Lazy<List<MetadataReference>> References = new(() =>
        ((string)AppContext.GetData("TRUSTED_PLATFORM_ASSEMBLIES")!).Split(Path.PathSeparator)
            .Where(p => p.EndsWith(".dll", StringComparison.Ordinal))
            .Select(p => (MetadataReference)MetadataReference.CreateFromFile(p))
            .ToList());

    public static TheoryData<string> Snippets() => [.. DocSnippet.All.Where(s => !s.Fragment).Select(s => s.ToString())];

    [Theory]
    [MemberData(nameof(Snippets))]
    public void The_snippet_compiles(string snippet)
    {
        var code = DocSnippet.All.Single(s => s.ToString() == snippet).Code;

        var diagnostics = Compile(code);

        diagnostics.Should().BeEmpty($"{snippet} must compile as a reader copies it:{Environment.NewLine}{string.Join(Environment.NewLine, diagnostics)}");
    }

    [Fact]
    public void The_docs_have_csharp_snippets_and_few_fragments()
    {
        var blocks = DocSnippet.All.Sum(s => s.Blocks);
        blocks.Should().BeGreaterThan(30);
        DocSnippet.All.Count(s => s.Fragment).Should().BeLessThan(blocks / 4, "a fragment is the exception: most snippets must compile");
    }

    [Fact]
    public void A_broken_snippet_is_reported_with_its_page_and_line()
    {
        var diagnostics = Compile("#line 7 \"docs/x.md\"\nvar table = Streams.Dsl.Materialized<string>.As(\"counts\");\n");

        diagnostics.Should().NotBeEmpty().And.Contain(d => d.Contains("docs/x.md(7", StringComparison.Ordinal));
    }

    [Fact]
    public void The_inferring_factories_keep_nullability_honest()
    {
        const string Usings = "using Streams.Dsl;\nusing Streams.Serialization;\n";

        // Serdes.String reads a tombstone as null: a Consumed<string, string> from it is reported, as it should be.
        Compile(Usings + "Consumed<string?, string?> ok = Consumed.With(Serdes.String, Serdes.String);\n").Should().BeEmpty();
        Compile(Usings + "Consumed<string, string> bad = Consumed.With(Serdes.String, Serdes.String);\n").Should().ContainSingle(d => d.Contains("CS8619", StringComparison.Ordinal));

        // A name carries no type: it converts to the operator's typed parameter.
        Compile(Usings + "new StreamsBuilder().Stream(\"in\", Consumed.With(Serdes.String, Serdes.String)).GroupByKey().Count(Materialized.As(\"counts\"));\n").Should().BeEmpty();
    }

    private static List<string> Compile(string code)
    {
        var options = new CSharpParseOptions(LanguageVersion.Latest);
        var tree = CSharpSyntaxTree.ParseText(code, options, path: "snippet.cs");
        var root = (CompilationUnitSyntax)tree.GetRoot();
        var statements = root.Members.OfType<GlobalStatementSyntax>().ToList<MemberDeclarationSyntax>();
        var hasStatements = statements.Count > 0;

        // A page declares its types (records like Order) where a reader meets them, often before a later block's
        // statements; in one program C# wants them after the statements (CS8803): the test moves them there.
        if (hasStatements && root.Members.IndexOf(statements[^1]) != statements.Count - 1)
        {
            var reordered = root.WithMembers(SyntaxFactory.List(statements.Concat(root.Members.Where(m => m is not GlobalStatementSyntax))));
            tree = CSharpSyntaxTree.ParseText(reordered.ToFullString(), options, path: "snippet.cs");
        }

        var compilation = CSharpCompilation.Create(
            "Snippet",
            [tree, CSharpSyntaxTree.ParseText(ImplicitUsings, options, path: "ImplicitUsings.cs")],
            References.Value,
            new CSharpCompilationOptions(hasStatements ? OutputKind.ConsoleApplication : OutputKind.DynamicallyLinkedLibrary, nullableContextOptions: NullableContextOptions.Enable));
        return compilation.GetDiagnostics()
            .Where(d => d.Severity == DiagnosticSeverity.Error || (d.Severity == DiagnosticSeverity.Warning && !Ignored.Contains(d.Id)))
            .Select(d => d.ToString())
            .ToList();
    }
}
