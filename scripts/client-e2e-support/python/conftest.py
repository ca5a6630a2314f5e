# The Python client's e2e tests import themselves as `kubernetes.e2e_test`, a package of the client's
# repository that Debian's python3-kubernetes does not ship. scripts/client-e2e lays them out as
# kubernetes/e2e_test next to this file; adding that folder to the installed package's search path lets
# those imports find them while everything else comes from the installed client under test.
import os

import kubernetes

kubernetes.__path__.append(os.path.join(os.path.dirname(os.path.abspath(__file__)), "kubernetes"))
