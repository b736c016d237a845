// SPDX-License-Identifier: GPL-3.0-or-later
#include "wizardprivilegedpage.h"

#include "engine/clusterinventory.h"
#include "engine/privilegedmovers.h"
#include "engine/relationshipdraft.h"
#include "engine/relationshippreflight.h"
#include "setupwizard.h"
#include "statusstyle.h"
#include "wizardfindings.h"

#include <QCheckBox>
#include <QLabel>
#include <QVBoxLayout>

#include <memory>

WizardPrivilegedPage::WizardPrivilegedPage(QWidget *parent)
    : QWizardPage(parent)
{
    setObjectName(QStringLiteral("wizardPrivilegedPage"));
    setTitle(tr("Permission for the mover"));
    setSubTitle(tr("rsync over SSH runs its mover with extra privileges, which VolSync allows only in namespaces "
                   "that say so."));
    mExplanation = new QLabel(this);
    mExplanation->setObjectName(QStringLiteral("privilegedExplanation"));
    mExplanation->setWordWrap(true);
    mExplanation->setTextFormat(Qt::RichText);
    mSourceState = new QLabel(this);
    mSourceState->setObjectName(QStringLiteral("privilegedSourceState"));
    mSourceState->setTextFormat(Qt::RichText);
    mSourceState->setWordWrap(true);
    mDestinationState = new QLabel(this);
    mDestinationState->setObjectName(QStringLiteral("privilegedDestinationState"));
    mDestinationState->setTextFormat(Qt::RichText);
    mDestinationState->setWordWrap(true);
    mAnnotate = new QCheckBox(
        tr("&Let Apply add the annotation volsync.backube/privileged-movers=\"true\" where it is missing"), this);
    mAnnotate->setObjectName(QStringLiteral("annotateNamespacesCheck"));
    mAnnotate->setChecked(true);
    connect(mAnnotate, &QCheckBox::toggled, this, [this]() { show(); });
    auto *layout = new QVBoxLayout(this);
    layout->addWidget(mExplanation);
    layout->addWidget(mSourceState);
    layout->addWidget(mDestinationState);
    layout->addWidget(mAnnotate);
    layout->addStretch();
}

void WizardPrivilegedPage::initializePage()
{
    auto *w = qobject_cast<SetupWizard *>(wizard());
    if (!w) {
        return;
    }
    const quint64 generation = ++mGeneration;
    mChecked = false;
    mMissing.clear();
    const RelationshipDraft *draft = w->draft();
    if (!PrivilegedMovers::needed(draft->rsyncTls())) {
        mChecked = true;
        mExplanation->setText(tr("You chose rsync over TLS: its mover needs no extra privileges. Nothing to do here."));
        mSourceState->clear();
        mDestinationState->clear();
        mAnnotate->setVisible(false);
        Q_EMIT completeChanged();
        Q_EMIT checked();
        return;
    }
    mAnnotate->setVisible(false);
    mExplanation->setText(tr("Checking the namespaces…"));
    mSourceState->clear();
    mDestinationState->clear();
    // Fresh lists: an annotation added meanwhile counts.
    QList<ClusterInventory *> inventories {w->inventory(draft->sourceContext())};
    if (draft->destinationContext() != draft->sourceContext()) {
        inventories.append(w->inventory(draft->destinationContext()));
    }
    auto remaining = std::make_shared<int>(int(inventories.size()));
    for (ClusterInventory *inventory : std::as_const(inventories)) {
        auto connection = std::make_shared<QMetaObject::Connection>();
        *connection = connect(inventory, &ClusterInventory::loaded, this, [this, generation, remaining, connection]() {
            disconnect(*connection);
            if (--*remaining == 0 && generation == mGeneration) {
                mChecked = true;
                show();
                Q_EMIT checked();
            }
        });
        inventory->refresh();
    }
}

void WizardPrivilegedPage::show()
{
    auto *w = qobject_cast<SetupWizard *>(wizard());
    if (!w || !mChecked || !PrivilegedMovers::needed(w->draft()->rsyncTls())) {
        return;
    }
    RelationshipDraft *draft = w->draft();
    const RelationshipPreflight::Context context = w->preflightContext();
    const QList<PrivilegedMovers::Namespace> missing = RelationshipPreflight::missingPrivilegedMovers(*draft, context);
    mMissing.clear();
    for (const PrivilegedMovers::Namespace &ns : missing) {
        mMissing.append(ns.context + QLatin1Char('/') + ns.name);
    }
    const auto state = [&](QLabel *label, const QString &ctx, const QString &ns, bool created) {
        const QString where = tr("%1 on %2").arg(ns, ctx);
        if (created) {
            label->setText(StatusStyle::badgeHtml(
                StatusStyle::Kind::Warning, tr("%1: will be created, without the annotation").arg(where), palette()));
        } else if (missing.contains(PrivilegedMovers::Namespace {ctx, ns})) {
            label->setText(
                StatusStyle::badgeHtml(StatusStyle::Kind::Warning, tr("%1: not allowed yet").arg(where), palette()));
        } else {
            label->setText(StatusStyle::badgeHtml(StatusStyle::Kind::Ok, tr("%1: allowed").arg(where), palette()));
        }
    };
    state(mSourceState, draft->sourceContext(), draft->sourceNamespace(), false);
    if (draft->sourceContext() == draft->destinationContext()
        && draft->sourceNamespace() == draft->destinationNamespace()) {
        mDestinationState->clear();
    } else {
        state(mDestinationState, draft->destinationContext(), draft->destinationNamespace(),
            draft->createDestinationNamespace());
    }
    mAnnotate->setVisible(!missing.isEmpty());
    draft->setAllowPrivilegedMovers(!missing.isEmpty() && mAnnotate->isChecked());
    mExplanation->setText(missing.isEmpty()
            ? tr("Both namespaces allow privileged movers.")
            : WizardFindings::html(RelationshipPreflight::privilegedMovers(*draft, context), palette()));
    Q_EMIT completeChanged();
}

bool WizardPrivilegedPage::isComplete() const
{
    auto *w = qobject_cast<SetupWizard *>(wizard());
    if (!w || !mChecked) {
        return false;
    }
    return !DraftFinding::hasError(RelationshipPreflight::privilegedMovers(*w->draft(), w->preflightContext()));
}

bool WizardPrivilegedPage::allowAnnotate() const
{
    return !mMissing.isEmpty() && mAnnotate->isChecked();
}
