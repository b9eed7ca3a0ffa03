namespace Fireworks.Aip;

/// <summary>
/// Recursive-descent parser for the AIP-160 grammar:
/// <code>
/// filter      = [expression]
/// expression  = sequence {WS AND WS sequence}
/// sequence    = factor {WS factor}                       (implicit AND)
/// factor      = term {WS OR WS term}                     (OR binds tighter than AND)
/// term        = [(NOT WS | MINUS)] simple
/// simple      = restriction | composite
/// restriction = comparable [comparator arg]
/// comparable  = member | function | literal
/// member      = value {DOT field}
/// function    = name {DOT name} LPAREN [arg {COMMA arg}] RPAREN
/// composite   = LPAREN expression RPAREN
/// arg         = comparable | composite
/// </code>
/// </summary>
internal sealed class FilterParser
{
    /// <summary>Deep nesting would otherwise exhaust the stack on hostile input.</summary>
    internal const int MaxDepth = 100;

    private readonly string text;
    private readonly List<Token> tokens;
    private int index;
    private int depth;

    private FilterParser(string text)
    {
        this.text = text;
        tokens = FilterLexer.Tokenize(text);
    }

    /// <summary>Parses a filter; returns <see langword="null"/> for an empty or whitespace-only filter.</summary>
    public static FilterExpression? Parse(string text)
    {
        var parser = new FilterParser(text);
        if (parser.Peek().Kind == TokenKind.End)
        {
            return null;
        }

        var expression = parser.ParseExpression("the start of the filter");
        var next = parser.Peek();
        if (next.Kind != TokenKind.End)
        {
            throw next.Kind == TokenKind.RightParen
                ? parser.Error(next, "unexpected ')' without a matching '('")
                : parser.Error(next, $"unexpected {Describe(next)}; expected AND, OR, another term after whitespace, or the end of the filter");
        }

        return expression;
    }

    private Token Peek(int ahead = 0)
    {
        var token = tokens[Math.Min(index + ahead, tokens.Count - 1)];
        if (token.Kind == TokenKind.Error && ahead == 0)
        {
            throw new FilterParseException(text, token.Position, token.Error!);
        }

        return token;
    }

    private Token Next()
    {
        var token = Peek();
        if (token.Kind != TokenKind.End)
        {
            index++;
        }

        return token;
    }

    private FilterExpression ParseExpression(string after)
    {
        var first = ParseSequence(after);
        if (Peek().Kind != TokenKind.And)
        {
            return first;
        }

        var operands = new List<FilterExpression> { first };
        while (Peek().Kind == TokenKind.And)
        {
            Next();
            operands.Add(ParseSequence("AND"));
        }

        return new AndExpression(operands, first.Position);
    }

    private FilterExpression ParseSequence(string after)
    {
        var first = ParseFactor(after);
        List<FilterExpression>? operands = null;
        while (true)
        {
            var next = Peek();
            if (!StartsTerm(next.Kind))
            {
                break;
            }

            if (!next.SpaceBefore)
            {
                throw Error(next, $"unexpected {Describe(next)}; separate terms with whitespace or an operator");
            }

            operands ??= [first];
            operands.Add(ParseFactor("whitespace"));
        }

        return operands is null ? first : new SequenceExpression(operands, first.Position);
    }

    private FilterExpression ParseFactor(string after)
    {
        var first = ParseTerm(after);
        if (Peek().Kind != TokenKind.Or)
        {
            return first;
        }

        var operands = new List<FilterExpression> { first };
        while (Peek().Kind == TokenKind.Or)
        {
            Next();
            operands.Add(ParseTerm("OR"));
        }

        return new OrExpression(operands, first.Position);
    }

    private FilterExpression ParseTerm(string after)
    {
        var token = Peek();
        if (token.Kind == TokenKind.Not)
        {
            Next();
            var operandToken = Peek();
            if (!operandToken.SpaceBefore && operandToken.Kind != TokenKind.LeftParen && operandToken.Kind != TokenKind.End)
            {
                throw Error(operandToken, "expected whitespace after NOT");
            }

            return new NotExpression(ParseSimple("NOT"), token.Position);
        }

        if (token.Kind == TokenKind.Minus)
        {
            var operandToken = Peek(1);
            if (!operandToken.SpaceBefore && operandToken.Kind is TokenKind.Number or TokenKind.Duration)
            {
                // A negative number such as -5 or -1.5s is a literal, not a negation.
                return ParseSimple(after);
            }

            Next();
            operandToken = Peek();
            if (operandToken.SpaceBefore)
            {
                throw Error(operandToken, "'-' must be directly followed by the term it negates (no whitespace)");
            }

            return new NotExpression(ParseSimple("'-'"), token.Position);
        }

        return ParseSimple(after);
    }

    private FilterExpression ParseSimple(string after) =>
        Peek().Kind == TokenKind.LeftParen ? ParseComposite() : ParseRestriction(after);

    private FilterExpression ParseComposite()
    {
        var open = Next();
        if (++depth > MaxDepth)
        {
            throw Error(open, $"the filter nests parentheses more than {MaxDepth} levels deep");
        }

        var inner = ParseExpression("'('");
        var close = Peek();
        if (close.Kind != TokenKind.RightParen)
        {
            throw Error(close, $"expected ')' to close the '(' at {open.Position} but found {Describe(close)}");
        }

        Next();
        depth--;
        return inner;
    }

    private FilterExpression ParseRestriction(string after)
    {
        var comparable = ParseComparable(after);
        var token = Peek();
        if (!TryGetComparator(token.Kind, out var comparator))
        {
            return comparable;
        }

        Next();
        var argument = Peek().Kind == TokenKind.LeftParen
            ? ParseComposite()
            : ParseComparable($"'{token.Text}'");
        return new RestrictionExpression(comparable, comparator, argument, comparable.Position);
    }

    private FilterExpression ParseComparable(string after)
    {
        var token = Peek();
        switch (token.Kind)
        {
            case TokenKind.Minus:
                {
                    var number = Peek(1);
                    if (number.Kind == TokenKind.Error)
                    {
                        Next();
                        Peek();
                    }

                    if (number.SpaceBefore || number.Kind is not (TokenKind.Number or TokenKind.Duration))
                    {
                        throw Error(token, $"unexpected '-' after {after}; '-' negates a whole term or starts a negative number");
                    }

                    Next();
                    Next();
                    return number.Kind == TokenKind.Number
                        ? new NumberLiteral("-" + number.Text, number.IsInteger, unchecked(-number.IntegerValue), -number.DoubleValue, token.Position)
                        : new DurationLiteral("-" + number.Text, -number.DurationValue, token.Position);
                }

            case TokenKind.Number or TokenKind.Duration or TokenKind.Timestamp:
                if (IsAdjacentDot(1))
                {
                    return ParseMember();
                }

                Next();
                if (token.Kind == TokenKind.Number && token.IsInteger && token.IntegerValue < 0)
                {
                    // The lexer admits 9223372036854775808 so that -9223372036854775808 (long.MinValue) parses.
                    throw Error(token, $"integer literal '{token.Text}' is out of range for a 64-bit signed integer");
                }

                return token.Kind switch
                {
                    TokenKind.Number => new NumberLiteral(token.Text, token.IsInteger, token.IntegerValue, token.DoubleValue, token.Position),
                    TokenKind.Duration => new DurationLiteral(token.Text, token.DurationValue, token.Position),
                    _ => new TimestampLiteral(token.Text, token.TimestampValue, token.Position),
                };

            case TokenKind.String:
                if (IsAdjacentDot(1))
                {
                    return ParseMember();
                }

                Next();
                // Strings print canonically (double quotes, minimal escapes) whatever quoting the source used.
                return new StringLiteral(token.StringValue!, token.Wildcards, token.Position, FilterSyntax.QuoteString(token.StringValue!, token.Wildcards));

            case TokenKind.Text:
                if (IsFunctionAhead())
                {
                    return ParseFunction();
                }

                if (!IsAdjacentDot(1))
                {
                    Next();
                    if (token.Text is "true" or "false")
                    {
                        return new BooleanLiteral(token.Text == "true", token.Position);
                    }

                    return MemberExpression.Trusted([new MemberSegment(token.Text, false, token.Position)], token.Position);
                }

                return ParseMember();

            case TokenKind.And or TokenKind.Or or TokenKind.Not:
                throw Error(token, $"expected a field, value or '(' after {after} but found keyword {token.Text}");

            default:
                throw Error(token, $"expected a field, value or '(' after {after} but found {Describe(token)}");
        }
    }

    private bool IsAdjacentDot(int ahead)
    {
        var token = Peek(ahead);
        return token.Kind == TokenKind.Dot && !token.SpaceBefore;
    }

    private FilterExpression ParseMember()
    {
        var root = Next();
        var segments = new List<MemberSegment>
        {
            root.Kind == TokenKind.String
                ? new MemberSegment(root.StringValue!, true, root.Position)
                : new MemberSegment(root.Text, false, root.Position),
        };
        while (IsAdjacentDot(0))
        {
            Next();
            var field = Peek();
            if (field.SpaceBefore || field.Kind is not (TokenKind.Text or TokenKind.String))
            {
                throw Error(field, $"expected a field name directly after '.' but found {Describe(field)}");
            }

            Next();
            segments.Add(field.Kind == TokenKind.String
                ? new MemberSegment(field.StringValue!, true, field.Position)
                : new MemberSegment(field.Text, false, field.Position));
        }

        return MemberExpression.Trusted([.. segments], root.Position);
    }

    /// <summary>Looks ahead for <c>name {. name} (</c> with no whitespace inside.</summary>
    private bool IsFunctionAhead()
    {
        var k = 1;
        while (true)
        {
            var token = Peek(k);
            if (token.SpaceBefore)
            {
                return false;
            }

            if (token.Kind == TokenKind.LeftParen)
            {
                return true;
            }

            var name = Peek(k + 1);
            if (token.Kind != TokenKind.Dot || name.SpaceBefore || name.Kind != TokenKind.Text)
            {
                return false;
            }

            k += 2;
        }
    }

    private FilterExpression ParseFunction()
    {
        var first = Next();
        var name = first.Text;
        while (Peek().Kind == TokenKind.Dot)
        {
            Next();
            name += "." + Next().Text;
        }

        var open = Next();
        if (++depth > MaxDepth)
        {
            throw Error(open, $"the filter nests function calls more than {MaxDepth} levels deep");
        }

        var arguments = new List<FilterExpression>();
        if (Peek().Kind == TokenKind.RightParen)
        {
            Next();
        }
        else
        {
            while (true)
            {
                var argument = Peek().Kind == TokenKind.LeftParen
                    ? ParseComposite()
                    : ParseComparable(arguments.Count == 0 ? $"'{name}('" : "','");
                arguments.Add(argument);
                var separator = Peek();
                if (separator.Kind == TokenKind.Comma)
                {
                    Next();
                    continue;
                }

                if (separator.Kind == TokenKind.RightParen)
                {
                    Next();
                    break;
                }

                throw Error(separator, $"expected ',' or ')' in the arguments of function '{name}' (opened at {open.Position}) but found {Describe(separator)}");
            }
        }

        depth--;
        return FunctionCallExpression.Trusted(name, arguments, first.Position);
    }

    private static bool StartsTerm(TokenKind kind) => kind is TokenKind.Text or TokenKind.String or TokenKind.Number
        or TokenKind.Duration or TokenKind.Timestamp or TokenKind.Not or TokenKind.Minus or TokenKind.LeftParen;

    private static bool TryGetComparator(TokenKind kind, out FilterComparator comparator)
    {
        comparator = kind switch
        {
            TokenKind.Equal => FilterComparator.Equal,
            TokenKind.NotEqual => FilterComparator.NotEqual,
            TokenKind.LessThan => FilterComparator.LessThan,
            TokenKind.LessThanOrEqual => FilterComparator.LessThanOrEqual,
            TokenKind.GreaterThan => FilterComparator.GreaterThan,
            TokenKind.GreaterThanOrEqual => FilterComparator.GreaterThanOrEqual,
            TokenKind.Has => FilterComparator.Has,
            _ => (FilterComparator)(-1),
        };
        return comparator >= 0;
    }

    private static string Describe(Token token) => token.Kind switch
    {
        TokenKind.End => "the end of the filter",
        TokenKind.String => $"string literal {Shorten(token.Text)}",
        TokenKind.Number => $"number {token.Text}",
        TokenKind.Duration => $"duration {token.Text}",
        TokenKind.Timestamp => $"timestamp {token.Text}",
        TokenKind.Text => $"'{Shorten(token.Text)}'",
        TokenKind.And or TokenKind.Or or TokenKind.Not => $"keyword {token.Text}",
        _ => $"'{token.Text}'",
    };

    private static string Shorten(string value) => value.Length <= 40 ? value : value[..37] + "...";

    private FilterParseException Error(Token token, string reason) => new(text, token.Position, reason);
}
