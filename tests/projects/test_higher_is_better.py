from projects.recipes import all_recipes, higher_is_better


def test_each_recipe_says_which_way_its_metric_improves():
    assert higher_is_better("collab-movielens") is False  # RMSE: lower is better
    for recipe in all_recipes():
        assert higher_is_better(recipe.slug) is recipe.higher_is_better


def test_a_recipe_removed_since_the_run_reads_as_higher_is_better():
    assert higher_is_better("no-such-recipe") is True
