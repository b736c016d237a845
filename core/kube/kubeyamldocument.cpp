// SPDX-License-Identifier: GPL-3.0-or-later
#include "kubeyamldocument.h"

#include <QHash>

#include <yaml.h>

#include <string_view>

namespace {
/// A plain scalar that YAML reads as null (as yaml-cpp does).
bool isPlainNull(const char *text, size_t length)
{
    if (length == 0)
        return true;
    const std::string_view view(text, length);
    return view == "~" || view == "null" || view == "Null" || view == "NULL";
}
} // namespace

KubeYamlDocument::KubeYamlDocument(const QByteArray &text)
{
    yaml_parser_t parser;
    if (!yaml_parser_initialize(&parser)) {
        mError = QStringLiteral("out of memory");
        return;
    }
    yaml_parser_set_input_string(
        &parser, reinterpret_cast<const unsigned char *>(text.constData()), size_t(text.size()));
    std::vector<int> open; // the collections being read
    QHash<QByteArray, int> anchors;
    bool done = false;
    int documents = 0;
    const auto add = [this, &open](Node node) {
        mNodes.push_back(std::move(node));
        const int index = int(mNodes.size() - 1);
        if (!open.empty())
            mNodes[size_t(open.back())].children.push_back(index);
        else if (mRoot < 0)
            mRoot = index;
        return index;
    };
    const auto anchor = [&anchors](const unsigned char *name, int index) {
        if (name)
            anchors.insert(QByteArray(reinterpret_cast<const char *>(name)), index);
    };
    while (!done) {
        yaml_event_t event;
        if (!yaml_parser_parse(&parser, &event)) {
            mError = QString::fromUtf8(parser.problem ? parser.problem : "cannot parse the YAML");
            if (parser.context)
                mError = QString::fromUtf8(parser.context) + QStringLiteral(", ") + mError;
            mErrorLine = int(parser.problem_mark.line) + 1;
            mRoot = -1;
            break;
        }
        switch (event.type) {
        case YAML_DOCUMENT_START_EVENT:
            ++documents;
            break;
        case YAML_DOCUMENT_END_EVENT:
            done = documents >= 1; // like YAML::Load: the first document only
            break;
        case YAML_STREAM_END_EVENT:
            done = true;
            break;
        case YAML_SCALAR_EVENT: {
            Node node;
            const char *value = reinterpret_cast<const char *>(event.data.scalar.value);
            const size_t length = event.data.scalar.length;
            const bool plain = event.data.scalar.style == YAML_PLAIN_SCALAR_STYLE;
            node.type = plain && !event.data.scalar.tag && isPlainNull(value, length) ? KubeYamlNode::Type::Null
                                                                                      : KubeYamlNode::Type::Scalar;
            node.quoted = !plain;
            node.scalar.assign(value, length);
            anchor(event.data.scalar.anchor, add(std::move(node)));
            break;
        }
        case YAML_SEQUENCE_START_EVENT:
        case YAML_MAPPING_START_EVENT: {
            Node node;
            node.type
                = event.type == YAML_SEQUENCE_START_EVENT ? KubeYamlNode::Type::Sequence : KubeYamlNode::Type::Map;
            const unsigned char *name = event.type == YAML_SEQUENCE_START_EVENT ? event.data.sequence_start.anchor
                                                                                : event.data.mapping_start.anchor;
            const int index = add(std::move(node));
            anchor(name, index);
            open.push_back(index);
            break;
        }
        case YAML_SEQUENCE_END_EVENT:
        case YAML_MAPPING_END_EVENT:
            open.pop_back();
            break;
        case YAML_ALIAS_EVENT: {
            const auto it = anchors.constFind(QByteArray(reinterpret_cast<const char *>(event.data.alias.anchor)));
            if (it == anchors.constEnd()) {
                mError = QStringLiteral("unknown anchor \"%1\" referenced")
                             .arg(QString::fromUtf8(reinterpret_cast<const char *>(event.data.alias.anchor)));
                mErrorLine = int(event.start_mark.line) + 1;
                mRoot = -1;
                done = true;
                break;
            }
            // The alias is the anchored node itself (read-only, so sharing it is safe).
            if (!open.empty())
                mNodes[size_t(open.back())].children.push_back(it.value());
            else if (mRoot < 0)
                mRoot = it.value();
            break;
        }
        case YAML_NO_EVENT:
        case YAML_STREAM_START_EVENT:
            break;
        }
        yaml_event_delete(&event);
    }
    yaml_parser_delete(&parser);
}

KubeYamlNode KubeYamlDocument::root() const
{
    if (mRoot < 0)
        return {};
    return {this, mRoot};
}
