// SPDX-License-Identifier: GPL-3.0-or-later
#include "kubeyamlnode.h"

#include "kubeyamldocument.h"

#include <cstring>

namespace {
const std::string emptyString;
} // namespace

KubeYamlNode::Type KubeYamlNode::type() const
{
    return mDocument ? mDocument->mNodes[size_t(mIndex)].type : Type::Undefined;
}

const std::string &KubeYamlNode::scalar() const
{
    return isScalar() ? mDocument->mNodes[size_t(mIndex)].scalar : emptyString;
}

bool KubeYamlNode::isQuoted() const
{
    return isScalar() && mDocument->mNodes[size_t(mIndex)].quoted;
}

bool KubeYamlNode::toBool(bool *value) const
{
    if (!isScalar())
        return false;
    const std::string &text = scalar();
    // yaml-cpp's convert<bool>: each word in lower case, UPPER CASE or Title case.
    static const char *const trueWords[] = {"y", "yes", "true", "on"};
    static const char *const falseWords[] = {"n", "no", "false", "off"};
    const auto matches = [&text](const char *word) {
        const size_t n = std::strlen(word);
        if (text.size() != n)
            return false;
        bool lower = true;
        bool upper = true;
        bool title = true;
        for (size_t i = 0; i < n; ++i) {
            const char c = text[i];
            const char l = word[i];
            const char u = char(l - 'a' + 'A');
            lower = lower && c == l;
            upper = upper && c == u;
            title = title && c == (i == 0 ? u : l);
        }
        return lower || upper || title;
    };
    for (const char *word : trueWords) {
        if (matches(word)) {
            *value = true;
            return true;
        }
    }
    for (const char *word : falseWords) {
        if (matches(word)) {
            *value = false;
            return true;
        }
    }
    return false;
}

KubeYamlNode KubeYamlNode::operator[](const char *key) const
{
    if (!isMap())
        return {};
    const std::vector<int> &children = mDocument->mNodes[size_t(mIndex)].children;
    for (size_t i = 0; i + 1 < children.size(); i += 2) {
        const auto &keyNode = mDocument->mNodes[size_t(children[i])];
        if (keyNode.type == Type::Scalar && keyNode.scalar == key)
            return {mDocument, children[i + 1]};
    }
    return {};
}

std::size_t KubeYamlNode::size() const
{
    if (isSequence())
        return mDocument->mNodes[size_t(mIndex)].children.size();
    if (isMap())
        return mDocument->mNodes[size_t(mIndex)].children.size() / 2;
    return 0;
}

KubeYamlNode KubeYamlNode::item(std::size_t index) const
{
    if (!isSequence() || index >= size())
        return {};
    return {mDocument, mDocument->mNodes[size_t(mIndex)].children[index]};
}

std::pair<KubeYamlNode, KubeYamlNode> KubeYamlNode::entry(std::size_t index) const
{
    if (!isMap() || index >= size())
        return {};
    const std::vector<int> &children = mDocument->mNodes[size_t(mIndex)].children;
    return {KubeYamlNode(mDocument, children[2 * index]), KubeYamlNode(mDocument, children[2 * index + 1])};
}
