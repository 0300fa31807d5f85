// The URL-name rule, one id across frameworks: Django's reverse()/redirect() (frameworks/django/urlChecks.ts)
// and Flask's url_for() (frameworks/flask/urls.ts) both report it.
import type { RuleMeta } from './rule';

export const UNKNOWN_URL_NAME: RuleMeta = {
  id: 'unknown-url-name',
  defaultSeverity: 'error',
  summary: 'A URL name no route defines: Django reverse()/reverse_lazy()/redirect()/resolve_url(), Flask url_for() in code or templates.',
  doc: {
    catches: 'Django: `reverse("artcle-detail")`, `reverse_lazy("blog:detial")`, `redirect("hom")` when no `path(..., name=…)` of the project (or of the Django URL modules it includes) defines that name, or a namespace no include or `app_name` defines. Flask: `url_for("shop.detials")` or `{{ url_for(\'auth.signin\') }}` where blueprint `shop` has no view `detials` (nor `endpoint=`), or no blueprint is named `auth`.',
    whyItBreaks: "Django raises NoReverseMatch (Reverse for 'artcle-detail' not found, or \"'blgo' is not a registered namespace\"); Flask raises werkzeug.routing.BuildError when the page or view runs.",
    example: 'return redirect("article_detial", pk=a.pk)  # urls.py: name="article_detail"',
    fix: 'Use a name the routes define (the quick fix renames to the nearest one); for Flask, the blueprint name, a dot, the view function name.',
  },
};
