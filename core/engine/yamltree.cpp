// SPDX-License-Identifier: GPL-3.0-or-later
#include "yamltree.h"

#include <QRegularExpression>

#include <yaml-cpp/yaml.h>

namespace {

// Plain scalars that YAML resolves to something other than a string.
bool resolvesToNonString(const QString &s)
{
    static const QRegularExpression kNull(QStringLiteral("^(~|null|Null|NULL)$"));
    static const QRegularExpression kBool(
        QStringLiteral("^(true|True|TRUE|false|False|FALSE|y|Y|yes|Yes|YES|n|N|no|No|NO|on|On|ON|off|Off|OFF)$"));
    static const QRegularExpression kInt(
        QStringLiteral("^[-+]?(0b[01_]+|0o?[0-7_]+|0x[0-9a-fA-F_]+|[0-9][0-9_]*|[1-9][0-9_]*(:[0-5]?[0-9])+)$"));
    static const QRegularExpression kFloat(
        QStringLiteral("^([-+]?(\\.[0-9]+|[0-9][0-9_]*(\\.[0-9_]*)?)([eE][-+]?[0-9]+)?|[-+]?\\.(inf|Inf|INF)|\\.(nan|"
                       "NaN|NAN)|[-+]?[0-9][0-9_]*(:[0-5]?[0-9])+\\.[0-9_]*)$"));
    static const QRegularExpression kTimestamp(QStringLiteral("^[0-9]{4}-[0-9]{1,2}-[0-9]{1,2}([Tt ]|$)"));
    return s.isEmpty() || kNull.match(s).hasMatch() || kBool.match(s).hasMatch() || kInt.match(s).hasMatch()
        || kFloat.match(s).hasMatch() || kTimestamp.match(s).hasMatch();
}

bool isPrintable(QChar c)
{
    return c.unicode() >= 0x20 && c.unicode() != 0x7f;
}

// Whether the libyaml emitter allows a plain scalar in block context.
bool plainAllowed(const QString &s)
{
    if (s.isEmpty())
        return false;
    if (s.front().isSpace() || s.back().isSpace())
        return false;
    const QChar first = s.front();
    static const QString kIndicators = QStringLiteral("#,[]{}&*!|>'\"%@`");
    if (kIndicators.contains(first))
        return false;
    if ((first == QLatin1Char('-') || first == QLatin1Char('?') || first == QLatin1Char(':'))
        && (s.size() == 1 || s.at(1).isSpace()))
        return false;
    if (s.startsWith(QLatin1String("---")) || s.startsWith(QLatin1String("...")))
        return false;
    for (qsizetype i = 0; i < s.size(); ++i) {
        const QChar c = s.at(i);
        if (!isPrintable(c))
            return false;
        if (c == QLatin1Char(':') && (i + 1 == s.size() || s.at(i + 1).isSpace()))
            return false;
        if (c == QLatin1Char('#') && i > 0 && s.at(i - 1).isSpace())
            return false;
    }
    return true;
}

QString doubleQuoted(const QString &s)
{
    QString out = QStringLiteral("\"");
    for (const QChar c : s) {
        switch (c.unicode()) {
        case '"':
            out += QLatin1String("\\\"");
            break;
        case '\\':
            out += QLatin1String("\\\\");
            break;
        case '\n':
            out += QLatin1String("\\n");
            break;
        case '\t':
            out += QLatin1String("\\t");
            break;
        case '\r':
            out += QLatin1String("\\r");
            break;
        default:
            if (!isPrintable(c))
                out += QStringLiteral("\\u%1").arg(c.unicode(), 4, 16, QLatin1Char('0'));
            else
                out += c;
        }
    }
    return out + QLatin1Char('"');
}

QVariant resolvePlain(const std::string &text)
{
    const QString s = QString::fromStdString(text);
    static const QRegularExpression kNull(QStringLiteral("^(~|null|Null|NULL|)$"));
    static const QRegularExpression kTrue(QStringLiteral("^(true|True|TRUE)$"));
    static const QRegularExpression kFalse(QStringLiteral("^(false|False|FALSE)$"));
    static const QRegularExpression kInt(QStringLiteral("^[-+]?[0-9]+$"));
    if (kNull.match(s).hasMatch())
        return {};
    if (kTrue.match(s).hasMatch())
        return true;
    if (kFalse.match(s).hasMatch())
        return false;
    if (kInt.match(s).hasMatch()) {
        bool ok = false;
        const qlonglong v = s.toLongLong(&ok);
        if (ok)
            return v;
    }
    return s;
}

/// Thrown when a document expands (through aliases) to more values than YamlTree::MaxValues.
struct ExpansionBudgetExceeded {
    YAML::Mark mark;
};

/// Deeper than any relationship file; an alias that refers to its own anchor ("a: &a [*a]") nests without end
/// and would overflow the stack long before the value budget is spent.
constexpr int kMaxDepth = 64;

QVariant toVariant(
    const YAML::Node &node, const QString &path, QHash<QString, int> *lines, qint64 *budget, int depth = 0)
{
    // yaml-cpp shares the node an alias refers to; copying it out expands it. A few hundred bytes of nested
    // anchors ("a billion laughs") would expand to billions of values, so every value counts against a budget.
    if (--*budget < 0 || depth > kMaxDepth)
        throw ExpansionBudgetExceeded {node.Mark()};
    switch (node.Type()) {
    case YAML::NodeType::Map: {
        QVariantMap map;
        for (auto it = node.begin(); it != node.end(); ++it) {
            const QString key = QString::fromStdString(it->first.Scalar()).toLower();
            const QString childPath = path.isEmpty() ? key : path + QLatin1Char('.') + key;
            if (lines)
                lines->insert(childPath, it->first.Mark().line + 1);
            map.insert(key, toVariant(it->second, childPath, lines, budget, depth + 1));
        }
        return map;
    }
    case YAML::NodeType::Sequence: {
        QVariantList list;
        int index = 0;
        for (const YAML::Node &item : node)
            list.append(toVariant(item, path + QLatin1Char('.') + QString::number(index++), lines, budget, depth + 1));
        return list;
    }
    case YAML::NodeType::Scalar:
        if (node.Tag() == "!")
            return QString::fromStdString(node.Scalar());
        return resolvePlain(node.Scalar());
    case YAML::NodeType::Null:
    case YAML::NodeType::Undefined:
        break;
    }
    return {};
}

QString scalarText(const QVariant &value)
{
    switch (value.typeId()) {
    case QMetaType::Bool:
        return value.toBool() ? QStringLiteral("true") : QStringLiteral("false");
    case QMetaType::Int:
    case QMetaType::LongLong:
    case QMetaType::UInt:
    case QMetaType::ULongLong:
        return QString::number(value.toLongLong());
    case QMetaType::Double:
        return QString::number(value.toDouble(), 'g', 17);
    default:
        return YamlTree::quoteScalar(value.toString());
    }
}

bool isEmptyValue(const QVariant &value)
{
    if (!value.isValid() || value.isNull())
        return true;
    if (value.typeId() == QMetaType::QVariantMap) {
        const QVariantMap map = value.toMap();
        for (auto it = map.cbegin(); it != map.cend(); ++it) {
            if (!isEmptyValue(it.value()) || it.value().typeId() == QMetaType::QVariantList)
                return false;
        }
        return true;
    }
    return false;
}

/// yaml.v3 (libyaml's emitter) writes a key longer than this as an explicit key.
constexpr qsizetype kMaxSimpleKeyBytes = 128;

void writeMap(QByteArray &out, const QVariantMap &map, int indent, bool firstInline);

void writeValue(QByteArray &out, const QVariant &value, int indent)
{
    if (value.typeId() == QMetaType::QVariantMap) {
        out += '\n';
        writeMap(out, value.toMap(), indent + 4, false);
    } else if (value.typeId() == QMetaType::QVariantList || value.typeId() == QMetaType::QStringList) {
        const QVariantList list = value.toList();
        if (list.isEmpty()) {
            out += " []\n";
            return;
        }
        out += '\n';
        for (const QVariant &item : list) {
            out += QByteArray(indent + 4, ' ') + "- ";
            if (item.typeId() == QMetaType::QVariantMap)
                writeMap(out, item.toMap(), indent + 6, true);
            else
                out += scalarText(item).toUtf8() + '\n';
        }
    } else {
        out += ' ' + scalarText(value).toUtf8() + '\n';
    }
}

void writeMap(QByteArray &out, const QVariantMap &map, int indent, bool firstInline)
{
    bool first = true;
    for (auto it = map.cbegin(); it != map.cend(); ++it) {
        if (isEmptyValue(it.value()))
            continue;
        if (!(first && firstInline))
            out += QByteArray(indent, ' ');
        first = false;
        const QByteArray key = YamlTree::quoteScalar(it.key()).toUtf8();
        if (it.key().toUtf8().size() > kMaxSimpleKeyBytes) {
            // A long key is written as an explicit key ("? key" then ": value"), as yaml.v3 does: readers refuse
            // an implicit key longer than 1024 characters (found by fuzz_relationshipfile).
            out += "? " + key + '\n' + QByteArray(indent, ' ') + ':';
        } else {
            out += key + ':';
        }
        writeValue(out, it.value(), indent);
    }
    if (first && firstInline)
        out += "{}\n";
}

} // namespace

bool YamlTree::parse(const QByteArray &text, QVariant *tree, QString *error, QHash<QString, int> *lines)
{
    try {
        const YAML::Node root = YAML::Load(text.toStdString());
        qint64 budget = MaxValues;
        *tree = toVariant(root, QString(), lines, &budget);
        return true;
    } catch (const ExpansionBudgetExceeded &e) {
        if (lines)
            lines->clear();
        if (error) {
            *error = QStringLiteral("line %1: the document expands to more than %2 values (aliases of aliases?); "
                                    "refusing to read it")
                         .arg(e.mark.is_null() ? 0 : e.mark.line + 1)
                         .arg(MaxValues);
        }
        return false;
    } catch (const YAML::Exception &e) {
        if (error) {
            *error = QStringLiteral("line %1: %2")
                         .arg(e.mark.is_null() ? 0 : e.mark.line + 1)
                         .arg(QString::fromStdString(e.msg));
        }
        return false;
    }
}

QByteArray YamlTree::write(const QVariantMap &tree)
{
    QByteArray out;
    writeMap(out, tree, 0, false);
    if (out.isEmpty())
        out = "{}\n";
    return out;
}

QString YamlTree::quoteScalar(const QString &value)
{
    if (value.contains(QLatin1Char('\n')) || resolvesToNonString(value))
        return doubleQuoted(value);
    if (plainAllowed(value))
        return value;
    for (const QChar c : value) {
        if (!isPrintable(c))
            return doubleQuoted(value);
    }
    QString escaped = value;
    escaped.replace(QLatin1Char('\''), QLatin1String("''"));
    return QLatin1Char('\'') + escaped + QLatin1Char('\'');
}
