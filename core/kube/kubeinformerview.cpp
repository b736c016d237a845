// SPDX-License-Identifier: GPL-3.0-or-later
#include "kubeinformerview.h"

#include "kubeclient.h"
#include "kubeinformer.h"
#include "kubeinformerfactory.h"
#include "kubeobjectcache.h"

#include <QRegularExpression>

namespace {

const QRegularExpression &simpleTerm()
{
    // key: an optional DNS prefix and a name; value: a label value. No set forms, no spaces.
    static const QRegularExpression term(
        QStringLiteral(R"(^(!?)([A-Za-z0-9]([-A-Za-z0-9_./]*[A-Za-z0-9])?)(?:(!=|==|=)([-A-Za-z0-9_.]*))?$)"));
    return term;
}

} // namespace

KubeInformerView::KubeInformerView(KubeInformerFactory *factory, KubeClient *client, const KubeResource &resource,
    const QString &namespaceName, const QString &labelSelector, QObject *parent)
    : QObject(parent)
    , mFactory(factory)
    , mClient(client)
    , mResource(resource)
    , mNamespace(resource.namespaced ? namespaceName : QString())
    , mLabelSelector(labelSelector)
{
    QList<Requirement> requirements;
    const QStringList terms = labelSelector.split(QLatin1Char(','), Qt::SkipEmptyParts);
    for (const QString &term : terms) {
        const QRegularExpressionMatch match = simpleTerm().match(term.trimmed());
        if (!match.hasMatch() || (!match.captured(1).isEmpty() && !match.captured(4).isEmpty())) {
            requirements.clear();
            break;
        }
        Requirement requirement;
        requirement.key = match.captured(2);
        const QString op = match.captured(4);
        requirement.value = match.captured(5);
        requirement.op = !match.captured(1).isEmpty() ? Requirement::Op::NotExists
            : op.isEmpty()                            ? Requirement::Op::Exists
            : op == QLatin1String("!=")               ? Requirement::Op::NotEquals
                                                      : Requirement::Op::Equals;
        requirements.append(requirement);
    }
    if (!requirements.isEmpty())
        mRequirements = requirements;
    if (factory) {
        connect(factory, &KubeInformerFactory::scopeNarrowed, this,
            [this](KubeClient *narrowed, const KubeResource &resource) {
                if (narrowed == mClient && resource == mResource && mInformer && mInformer->namespaceName().isEmpty()
                    && !mNamespace.isEmpty())
                    attach();
            });
    }
    attach();
}

KubeInformerView::~KubeInformerView()
{
    if (mFactory && mInformer)
        mFactory->release(mInformer);
}

void KubeInformerView::attach()
{
    if (!mFactory || !mClient)
        return;
    const bool perNamespace
        = mResource.namespaced && !mNamespace.isEmpty() && mFactory->isNamespaceScoped(mClient, mResource);
    // Join the new informer before leaving the old one.
    KubeInformer *previous = mInformer;
    const QString scope = perNamespace ? mNamespace : QString();
    // Share a running informer of the whole kind rather than start a second watch for a part of it.
    mFiltering = mRequirements && mFactory->find(mClient, mResource, scope, QString());
    mInformer = mFactory->acquire(mClient, mResource, scope, mFiltering ? QString() : mLabelSelector);
    if (previous) {
        previous->disconnect(this);
        mFactory->release(previous);
    }
    KubeInformer *informer = mInformer;
    if (!informer)
        return;
    if (mFiltering) {
        // An object that stops matching leaves this view (object() no longer finds it) and one that starts
        // matching enters it: both are changes of the view, like the apiserver's DELETED and ADDED for a watch
        // with the selector.
        connect(informer, &KubeInformer::added, this, [this](const QJsonObject &object) {
            if (selected(object))
                tell(object);
        });
        connect(
            informer, &KubeInformer::modified, this, [this](const QJsonObject &object, const QJsonObject &previous) {
                if (selected(object) || selected(previous))
                    tell(object);
            });
        connect(informer, &KubeInformer::deleted, this, [this](const QJsonObject &object) {
            if (selected(object))
                tell(object);
        });
    } else {
        connect(informer, &KubeInformer::objectChanged, this, &KubeInformerView::tellChange);
    }
    connect(informer, &KubeInformer::synced, this, [this] {
        Q_EMIT synced();
        Q_EMIT changed();
    });
    connect(informer, &KubeInformer::errorOccurred, this, [this, informer](const KubeError &error) {
        if (error.isForbidden() && informer->namespaceName().isEmpty() && !mNamespace.isEmpty()) {
            // Not allowed across namespaces: watch this namespace only (every view of the kind follows).
            mFactory->setNamespaceScoped(mClient, mResource,
                QStringLiteral("listing %1 in all namespaces is not allowed (%2)")
                    .arg(mResource.resource, error.message()));
            return;
        }
        Q_EMIT errorOccurred(error);
    });
    if (previous && informer->hasSynced()) // moved to an informer that knows the state already
        Q_EMIT changed();
}

void KubeInformerView::tell(const QJsonObject &object)
{
    const QJsonObject metadata = object.value(QLatin1String("metadata")).toObject();
    tellChange(metadata.value(QLatin1String("namespace")).toString(), metadata.value(QLatin1String("name")).toString());
}

void KubeInformerView::tellChange(const QString &namespaceName, const QString &name)
{
    if ((mNamespace.isEmpty() || namespaceName == mNamespace) && (mNames.isEmpty() || mNames.contains(name))) {
        Q_EMIT objectChanged(namespaceName, name);
        Q_EMIT changed();
    }
}

KubeInformer *KubeInformerView::informer() const
{
    return mInformer;
}

void KubeInformerView::setNames(const QStringList &names)
{
    mNames = QSet<QString>(names.cbegin(), names.cend());
}

bool KubeInformerView::hasSynced() const
{
    return mInformer && mInformer->hasSynced();
}

bool KubeInformerView::selected(const QJsonObject &object) const
{
    if (!mFiltering || !mRequirements)
        return true;
    const QJsonObject labels
        = object.value(QLatin1String("metadata")).toObject().value(QLatin1String("labels")).toObject();
    for (const Requirement &requirement : *mRequirements) {
        const bool has = labels.contains(requirement.key);
        const QString value = labels.value(requirement.key).toString();
        bool ok = true;
        switch (requirement.op) {
        case Requirement::Op::Exists:
            ok = has;
            break;
        case Requirement::Op::NotExists:
            ok = !has;
            break;
        case Requirement::Op::Equals:
            ok = has && value == requirement.value;
            break;
        case Requirement::Op::NotEquals:
            ok = !has || value != requirement.value;
            break;
        }
        if (!ok)
            return false;
    }
    return true;
}

std::optional<QJsonObject> KubeInformerView::object(const QString &name) const
{
    if (!mInformer)
        return std::nullopt;
    std::optional<QJsonObject> found = mInformer->object(mNamespace, name);
    if (found && !selected(*found))
        return std::nullopt;
    return found;
}

QList<QJsonObject> KubeInformerView::objects() const
{
    if (!mInformer)
        return {};
    QList<QJsonObject> list
        = mNamespace.isEmpty() ? mInformer->cache().objects() : mInformer->cache().objectsInNamespace(mNamespace);
    if (mFiltering)
        list.removeIf([this](const QJsonObject &object) { return !selected(object); });
    return list;
}
