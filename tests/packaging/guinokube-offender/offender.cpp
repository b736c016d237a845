// SPDX-License-Identifier: GPL-3.0-or-later
// Not built: the input of the gui_refuses_kube test, which proves that guinokube.cmake finds this.
#include "kube/kubeclient.h"

void offender(KubeClient *client);

// Reaching a Kubernetes type through a model, without naming it:
bool offenderThroughAModel(const ContextsModel &contexts)
{
    return contexts.config().contextNames().isEmpty();
}
